package io.skylane.topology.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.Sets;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The snapshot diff of the topology manager: a merge walk that must say what Sets.difference says. */
class TopologyManagerDiffTest {

    @Test
    void theDifferenceOfTwoSortedSetsIsSetsDifferenceInOrder() {
        Random r = new Random(32);
        for (int round = 0; round < 500; round++) {
            Set<Integer> a = new HashSet<>();
            Set<Integer> b = new HashSet<>();
            for (int i = r.nextInt(40); i > 0; i--) {
                a.add(r.nextInt(50));
            }
            for (int i = r.nextInt(40); i > 0; i--) {
                b.add(r.nextInt(50));
            }
            List<Integer> expected = List.copyOf(
                    Sets.difference(new TreeSet<>(a), b));
            assertEquals(expected, List.copyOf(TopologyManager.minus(
                    ImmutableSortedSet.copyOf(a),
                    ImmutableSortedSet.copyOf(b))));
            assertEquals(expected, List.copyOf(TopologyManager.minus(new TreeSet<>(a),
                    new TreeSet<>(b))));
            assertEquals(Set.copyOf(expected), TopologyManager.minus(a, b), "unsorted: the same elements");
            assertEquals(Set.copyOf(expected), TopologyManager.minus(
                    ImmutableSortedSet.copyOf(Comparator.reverseOrder(), a),
                    new TreeSet<>(b)), "another order: the same elements");
        }
    }
}
