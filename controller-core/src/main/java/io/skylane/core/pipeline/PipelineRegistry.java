package io.skylane.core.pipeline;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import io.skylane.core.flow.AppId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A checked pipeline declaration: the application ids, the tables and the priority bands, as the
 * builder was given them, known to be free of conflicts. {@link Builder#build()} refuses
 * ({@link PipelineConflictException}) a declaration in which
 * <ul>
 * <li>two apps share an id or a name, or two tables an id or a name;</li>
 * <li>a table's owner, or a band's app or table, is not declared; a table's owner has no band in it;</li>
 * <li>an app has two bands in one table, or the bands of two apps overlap in one table;</li>
 * <li>an unbanded app (one that may use any table and priority, {@link Builder#unbanded}) has a band.</li>
 * </ul>
 * The declaration the controller runs with is {@link SkylanePipeline#registry()}.
 */
public final class PipelineRegistry {

    private final ImmutableSortedMap<Integer, AppId> apps;
    private final ImmutableSortedMap<Integer, Table> tables;
    private final ImmutableList<Band> bands;
    private final ImmutableSet<AppId> unbanded;

    private PipelineRegistry(Map<Integer, AppId> apps, Map<Integer, Table> tables, List<Band> bands,
                             Set<AppId> unbanded) {
        this.apps = ImmutableSortedMap.copyOf(apps);
        this.tables = ImmutableSortedMap.copyOf(tables);
        this.bands = ImmutableList.copyOf(bands);
        this.unbanded = ImmutableSet.copyOf(unbanded);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The application ids, by id. */
    public Map<Integer, AppId> apps() {
        return apps;
    }

    /** The tables, by id. */
    public Map<Integer, Table> tables() {
        return tables;
    }

    /** Every band, in the order declared. */
    public List<Band> bands() {
        return bands;
    }

    /** The apps without a band, whose rules may take any table and priority (static flows). */
    public Set<AppId> unbanded() {
        return unbanded;
    }

    public Optional<AppId> app(int id) {
        return Optional.ofNullable(apps.get(id));
    }

    public Optional<Table> table(int id) {
        return Optional.ofNullable(tables.get(id));
    }

    /** The band of {@code app} in {@code table}, if it has one. */
    public Optional<Band> band(AppId app, int table) {
        checkNotNull(app, "app");
        return bands.stream().filter(b -> b.app().equals(app) && b.table() == table).findFirst();
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("apps", apps.size()).add("tables", tables.size())
                .add("bands", bands.size()).add("unbanded", unbanded.size()).toString();
    }

    /** Collects a declaration; {@link #build()} checks it. */
    public static final class Builder {
        private final List<AppId> apps = new ArrayList<>();
        private final List<Table> tables = new ArrayList<>();
        private final List<Band> bands = new ArrayList<>();
        private final List<AppId> unbanded = new ArrayList<>();

        private Builder() {
        }

        public Builder app(AppId app) {
            apps.add(checkNotNull(app, "app"));
            return this;
        }

        public Builder table(Table table) {
            tables.add(checkNotNull(table, "table"));
            return this;
        }

        public Builder band(Band band) {
            bands.add(checkNotNull(band, "band"));
            return this;
        }

        /**
         * Declares that {@code app} has no band: its rules may take any table and priority (the
         * static flows set through the REST API). The flow rule service still refuses a rule whose
         * key (table, priority, match) another app holds.
         */
        public Builder unbanded(AppId app) {
            unbanded.add(checkNotNull(app, "app"));
            return this;
        }

        /**
         * The registry of what was declared.
         *
         * @throws PipelineConflictException listing every conflict found
         */
        public PipelineRegistry build() {
            List<String> conflicts = new ArrayList<>();
            Map<Integer, AppId> appsById = new TreeMap<>();
            Map<String, AppId> appsByName = new HashMap<>();
            for (AppId a : apps) {
                AppId before = appsById.putIfAbsent(a.id(), a);
                if (before != null) {
                    conflicts.add("apps " + before + " and " + a + " share id " + a.id());
                }
                before = appsByName.putIfAbsent(a.name(), a);
                if (before != null && before.id() != a.id()) {
                    conflicts.add("apps " + before + " and " + a + " share name " + a.name());
                }
            }
            Map<Integer, Table> tablesById = new TreeMap<>();
            Map<String, Table> tablesByName = new HashMap<>();
            for (Table t : tables) {
                Table before = tablesById.putIfAbsent(t.id(), t);
                if (before != null) {
                    conflicts.add("tables " + before + " and " + t + " share id " + t.id());
                }
                before = tablesByName.putIfAbsent(t.name(), t);
                if (before != null && before.id() != t.id()) {
                    conflicts.add("tables " + before + " and " + t + " share name " + t.name());
                }
                if (!apps.contains(t.owner())) {
                    conflicts.add("table " + t + " is owned by undeclared app " + t.owner());
                }
            }
            checkBands(conflicts, tablesById.keySet());
            for (Table t : tables) {
                if (bands.stream().noneMatch(b -> b.table() == t.id() && b.app().equals(t.owner()))) {
                    conflicts.add("table " + t + " has no band of its owner " + t.owner());
                }
            }
            Set<AppId> free = new HashSet<>();
            for (AppId a : unbanded) {
                if (!apps.contains(a)) {
                    conflicts.add("unbanded app " + a + " is not declared");
                }
                if (bands.stream().anyMatch(b -> b.app().equals(a))) {
                    conflicts.add("unbanded app " + a + " has a band");
                }
                free.add(a);
            }
            if (!conflicts.isEmpty()) {
                throw new PipelineConflictException(conflicts);
            }
            return new PipelineRegistry(appsById, tablesById, bands, free);
        }

        private void checkBands(List<String> conflicts, Set<Integer> tableIds) {
            for (int i = 0; i < bands.size(); i++) {
                Band b = bands.get(i);
                if (!apps.contains(b.app())) {
                    conflicts.add(b + ": the app is not declared");
                }
                if (!tableIds.contains(b.table())) {
                    conflicts.add(b + ": the table is not declared");
                }
                for (int j = i + 1; j < bands.size(); j++) {
                    Band o = bands.get(j);
                    if (o.table() != b.table()) {
                        continue;
                    }
                    if (o.app().equals(b.app())) {
                        conflicts.add(b + " and " + o + ": two bands of one app in one table");
                    } else if (o.overlaps(b)) {
                        conflicts.add(b + " overlaps " + o);
                    }
                }
            }
        }
    }
}
