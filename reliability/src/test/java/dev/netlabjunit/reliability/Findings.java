package dev.netlabjunit.reliability;

import java.util.ArrayList;
import java.util.List;

/** What one cell's run found: problems fail the cell, notes explain its row of the table. */
final class Findings {

    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void problem(String text) {
        problems.add(text);
    }

    void note(String text) {
        notes.add(text);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    String notes() {
        return String.join("; ", notes);
    }
}
