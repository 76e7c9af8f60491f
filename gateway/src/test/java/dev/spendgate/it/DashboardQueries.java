package dev.spendgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads every panel query and template variable of a Grafana board JSON and substitutes the variables. */
final class DashboardQueries {

    /** One panel target: where it is and its PromQL with variables substituted. */
    record Query(String where, String promql) {
    }

    /** A {@code label_values(metric, label)} template variable. */
    record Variable(String name, String metric, String label) {
    }

    private static final Pattern VAR = Pattern.compile("\\$(\\w+)");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)");

    private final JsonNode board;

    DashboardQueries(Path file) throws IOException {
        this.board = new ObjectMapper().readTree(file.toFile());
    }

    /** Every panel target (rows' nested panels included), with {@code values} substituted; unknown: error. */
    List<Query> queries(Map<String, String> values) {
        List<Query> out = new ArrayList<>();
        collect(board.path("panels"), values, out);
        return out;
    }

    /** The board's query variables. */
    List<Variable> variables() {
        List<Variable> out = new ArrayList<>();
        for (JsonNode v : board.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                Matcher m = LABEL_VALUES.matcher(v.path("definition").asText());
                if (!m.matches()) {
                    throw new IllegalStateException("variable " + v.path("name") + ": not label_values(metric, label)");
                }
                out.add(new Variable(v.path("name").asText(), m.group(1), m.group(2)));
            }
        }
        return out;
    }

    private void collect(JsonNode panels, Map<String, String> values, List<Query> out) {
        for (JsonNode p : panels) {
            collect(p.path("panels"), values, out);
            for (JsonNode t : p.path("targets")) {
                String where = board.path("title").asText() + " / " + p.path("title").asText() + " / "
                        + t.path("refId").asText();
                out.add(new Query(where, substitute(t.path("expr").asText(), values, where)));
            }
        }
    }

    private static String substitute(String expr, Map<String, String> values, String where) {
        Matcher m = VAR.matcher(expr);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException(where + ": unknown variable $" + m.group(1));
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        return m.appendTail(sb).toString();
    }
}
