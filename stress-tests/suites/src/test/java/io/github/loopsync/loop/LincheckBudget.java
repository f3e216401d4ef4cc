package io.github.loopsync.loop;

import java.util.Locale;

/**
 * How many scenarios the Lincheck tests check for the correct types: the default build's count,
 * times 10 with {@code -Dloopsync.budget=nightly} (the broken twins keep their counts: they only
 * need to be caught).
 */
final class LincheckBudget {

    private LincheckBudget() {
    }

    static int iterations(int quick) {
        String budget = System.getProperty("loopsync.budget", "default").toLowerCase(Locale.ROOT);
        return budget.equals("nightly") ? quick * 10 : quick;
    }
}
