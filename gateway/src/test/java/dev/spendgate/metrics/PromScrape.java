package dev.spendgate.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed Prometheus text exposition: the samples, so tests assert on series rather than on substrings. */
final class PromScrape {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final List<Sample> samples;

    private PromScrape(List<Sample> samples) {
        this.samples = samples;
    }

    static PromScrape parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return new PromScrape(out);
    }

    /** Samples of {@code name} whose labels include all of {@code match} (key, value, key, value...). */
    List<Sample> find(String name, String... match) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name().equals(name) && matches(s.labels(), match)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The sum of the matching samples' values (0 when none match). */
    double sum(String name, String... match) {
        return find(name, match).stream().mapToDouble(Sample::value).sum();
    }

    /** The raw value text of the single matching sample, as exported. */
    double single(String name, String... match) {
        List<Sample> found = find(name, match);
        if (found.size() != 1) {
            throw new AssertionError("expected one sample of " + name + " " + List.of(match) + ", found " + found);
        }
        return found.get(0).value();
    }

    List<Sample> all() {
        return samples;
    }

    private static boolean matches(Map<String, String> labels, String... match) {
        for (int i = 0; i + 1 < match.length; i += 2) {
            if (!match[i + 1].equals(labels.get(match[i]))) {
                return false;
            }
        }
        return true;
    }
}
