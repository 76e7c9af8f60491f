package dev.spendgate.report;

import java.util.List;

/** A Markdown (GitHub-flavoured) table builder: header, right-aligned numeric columns, escaped cells. */
final class MarkdownTable {

    private final StringBuilder out = new StringBuilder();

    /** Starts a table; the first column is left-aligned, the others right-aligned (numbers). */
    MarkdownTable(String... header) {
        row(List.of(header));
        out.append("|:--");
        out.append("|--:".repeat(header.length - 1)).append("|\n");
    }

    /** Adds a row. */
    MarkdownTable row(String... cells) {
        return row(List.of(cells));
    }

    private MarkdownTable row(List<String> cells) {
        for (String c : cells) {
            out.append("| ").append(Fmt.cell(c)).append(' ');
        }
        out.append("|\n");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
