package io.github.loopsync.loop;

import java.util.Arrays;

/** The dependents of one future once there are two or more, in registration order. Loop-confined. */
final class Dependents {
    Object[] items;
    int size;

    Dependents(Object first, Object second) {
        items = new Object[] {first, second, null, null};
        size = 2;
    }

    void add(Object dependent) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = dependent;
    }
}
