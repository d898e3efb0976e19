package dev.netlabjunit.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.apiguardian.api.API;

/** Samples of one measurement (in milliseconds) with the median, min and max this noisy machine calls for. */
@API(status = API.Status.INTERNAL)
public final class Stats {

    private final List<Double> samples = new ArrayList<>();

    public void add(double millis) {
        samples.add(millis);
    }

    public int count() {
        return samples.size();
    }

    public double median() {
        List<Double> s = sorted();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    public double min() {
        return Collections.min(samples);
    }

    public double max() {
        return Collections.max(samples);
    }

    /** {@code 123 ms (100–150)}: the median, then min–max. */
    public String text() {
        return ms(median()) + " (" + num(min()) + "–" + num(max()) + ")";
    }

    public static String ms(double millis) {
        return num(millis) + " ms";
    }

    /** Whole milliseconds from 10 up, one decimal below, three below 0.1 (sub-millisecond costs matter here). */
    public static String num(double millis) {
        double a = Math.abs(millis);
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.0f", millis);
        }
        if (a >= 0.1) {
            return String.format(Locale.ROOT, "%.1f", millis);
        }
        return String.format(Locale.ROOT, "%.3f", millis);
    }

    public static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%.2fx", a / b);
    }

    private List<Double> sorted() {
        List<Double> s = new ArrayList<>(samples);
        Collections.sort(s);
        return s;
    }
}
