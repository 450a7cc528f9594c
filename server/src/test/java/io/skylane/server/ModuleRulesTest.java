package io.skylane.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of DESIGN.md, checked over the production classes of every module on the
 * server's classpath (Maven already keeps a module from importing what it does not depend on; these
 * rules catch what arrives transitively or what a new dependency would allow).
 */
class ModuleRulesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.skylane");
    }

    @Test
    void everyModuleIsThere() {
        for (String p : new String[] {"io.skylane.core.", "io.skylane.southbound.", "io.skylane.topology.",
                "io.skylane.vpc.", "io.skylane.northbound.", "io.skylane.server.", "io.skylane.bench."}) {
            assertTrue(classes.stream().anyMatch(c -> c.getName().startsWith(p)), "no classes of " + p);
        }
    }

    @Test
    void onlySouthboundAndTheLoadGeneratorSpeakOpenFlowAndNetty() {
        check(noClasses().that().resideOutsideOfPackages("io.skylane.southbound..", "io.skylane.bench..")
                .should().dependOnClassesThat().resideInAnyPackage("org.projectfloodlight..", "io.netty.."));
    }

    @Test
    void theLoadGeneratorIsOnlyTheBenchCommandsAndUsesOnlyTheWireFormat() {
        check(noClasses().that().resideOutsideOfPackages("io.skylane.bench..")
                .and().haveNameNotMatching("io\\.skylane\\.server\\.BenchCommand(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("io.skylane.bench.."));
        check(noClasses().that().resideInAPackage("io.skylane.bench..")
                .should().dependOnClassesThat().resideInAnyPackage("io.skylane.topology..", "io.skylane.vpc..",
                        "io.skylane.lb..", "io.skylane.northbound..", "io.skylane.server.."));
    }

    @Test
    void onlyTopologyUsesJGraphT() {
        check(noClasses().that().resideOutsideOfPackages("io.skylane.topology..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jgrapht.."));
    }

    @Test
    void theCoreDependsOnNoOtherModule() {
        check(noClasses().that().resideInAPackage("io.skylane.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.skylane.southbound..", "io.skylane.topology..",
                        "io.skylane.vpc..", "io.skylane.lb..", "io.skylane.northbound..", "io.skylane.server.."));
    }

    @Test
    void appsAndTheApiNeverReachIntoSouthbound() {
        check(noClasses().that().resideInAnyPackage("io.skylane.topology..", "io.skylane.vpc..", "io.skylane.lb..",
                        "io.skylane.northbound..")
                .should().dependOnClassesThat().resideInAnyPackage("io.skylane.southbound.."));
    }

    @Test
    void nothingImportsTheServer() {
        check(noClasses().that().resideOutsideOfPackages("io.skylane.server..")
                .should().dependOnClassesThat().resideInAnyPackage("io.skylane.server.."));
    }

    @Test
    void onlyTheApiServesHttp() {
        check(noClasses().that().resideOutsideOfPackages("io.skylane.northbound..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty.."));
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }
}
