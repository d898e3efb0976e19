package dev.netlabjunit.reliability;

import java.time.Duration;
import java.util.List;

/** The kill matrix as a Markdown table: one row per cell. */
final class MatrixTable {

    private static final String HEADER = "| cell | runner | engine | phase | ending | result | left after the run"
            + " | swept by the next run | exit time (ms) / allowed |\n|---|---|---|---|---|---|---|---|---|\n";

    private MatrixTable() {
    }

    static String render(List<Outcome> outcomes, String level, Duration took) {
        long failed = outcomes.stream().filter(o -> !o.passed()).count();
        StringBuilder b = new StringBuilder();
        b.append("Kill matrix (").append(level).append("): ").append(outcomes.size()).append(" cell(s), ")
                .append(failed).append(" failed, ").append(took.toSeconds()).append(" s\n\n");
        b.append(HEADER);
        outcomes.forEach(o -> b.append(row(o)).append('\n'));
        return b.toString();
    }

    static String row(Outcome o) {
        Cell c = o.cell();
        String left = o.leftAfterRun().isEmpty() ? "nothing" : summarize(o.leftAfterRun());
        String exit = o.exitMillis() < 0 ? "-" : o.exitMillis() + (o.boundMillis() >= 0 ? " / " + o.boundMillis() : "");
        String result = o.passed() ? "pass" : "**FAIL**: " + String.join("; ", o.problems());
        if (!o.notes().isEmpty()) {
            result += " (" + o.notes() + ")";
        }
        return "| " + c.name() + " | " + c.runner().label + " | " + c.engine().label + " | " + c.phase().label
                + " | " + c.ending().label + " | " + result.replace("|", "/") + " | " + left.replace("|", "/")
                + " | " + o.nextRun() + " | " + exit + " |";
    }

    /** "2 records, 3 namespaces, 1 process" rather than every name. */
    private static String summarize(List<String> left) {
        java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (String item : left) {
            String kind = item.startsWith("netlab status entry") ? "netlab status entry"
                    : item.startsWith("host link") ? "host link"
                    : item.startsWith("FRR ") ? item.substring(0, item.indexOf(' ', 4))
                    : item.substring(0, item.indexOf(' '));
            counts.merge(kind, 1, Integer::sum);
        }
        StringBuilder b = new StringBuilder();
        counts.forEach((k, n) -> b.append(b.length() == 0 ? "" : ", ").append(n).append(' ').append(k)
                .append(n > 1 ? "(s)" : ""));
        return b.toString();
    }
}
