# The gateway image, built from this repository: docker build -t spendgate .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY gateway/pom.xml gateway/
RUN mvn -B -q -pl gateway dependency:go-offline || true
COPY gateway gateway
COPY config config
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/gateway/target/gateway.jar /app/gateway.jar
COPY config /app/config
ENV LEDGER_DIR=/data/ledger
VOLUME /data/ledger
# 8080: proxy, 9090: admin (/metrics, /healthz, /readyz, /admin/*)
EXPOSE 8080 9090
ENTRYPOINT ["java", "-jar", "/app/gateway.jar"]
CMD ["--config", "/app/config/gateway.yaml"]
