package io.meridian.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of docs/architecture: they point one way, and the engine stays free of I/O. */
class ArchitectureTest {
    static JavaClasses meridian;

    @BeforeAll
    static void importClasses() {
        meridian = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.meridian");
    }

    @Test
    void modelDependsOnNoOtherMeridianPackage() {
        noClasses().that().resideInAPackage("io.meridian.model..")
                .should().dependOnClassesThat().resideInAnyPackage("io.meridian.protocol..", "io.meridian.store..",
                        "io.meridian.engine..", "io.meridian.worker..", "io.meridian.cli..")
                .check(meridian);
    }

    @Test
    void protocolAndStoreDependOnlyOnModel() {
        noClasses().that().resideInAnyPackage("io.meridian.protocol..", "io.meridian.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.meridian.engine..", "io.meridian.worker..",
                        "io.meridian.cli..")
                .check(meridian);
        noClasses().that().resideInAPackage("io.meridian.protocol..")
                .should().dependOnClassesThat().resideInAPackage("io.meridian.store..").check(meridian);
    }

    @Test
    void engineHasNoNetworkJdbcOrJsonParsingAndKnowsNoAdapters() {
        noClasses().that().resideInAPackage("io.meridian.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.sql..", "javax.sql..",
                        "io.meridian.worker..", "io.meridian.cli..", "io.meridian.store.embedded..")
                .check(meridian);
    }

    @Test
    void workersNeverDependOnTheEngine() {
        noClasses().that().resideInAPackage("io.meridian.worker..")
                .should().dependOnClassesThat().resideInAnyPackage("io.meridian.engine..", "io.meridian.store..",
                        "io.meridian.cli..")
                .check(meridian);
    }

    @Test
    void theCliKnowsNoBenchmarkAndNoStoreInternals() {
        // The benchmarks plug into the CLI (CommandExtension); the production jar carries none of them, and picks a
        // store through StoreProvider, never through a store's own classes.
        noClasses().that().resideInAPackage("io.meridian.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.meridian.bench..", "io.meridian.store.postgres..",
                        "io.meridian.store.embedded..")
                .check(meridian);
        noClasses().that().resideOutsideOfPackage("io.meridian.bench..")
                .should().dependOnClassesThat().resideInAPackage("io.meridian.bench..").check(meridian);
    }

    @Test
    void theQueueDoesNotKnowTheOrchestrator() {
        noClasses().that().resideInAnyPackage("io.meridian.engine.queue..", "io.meridian.engine.registry..",
                        "io.meridian.engine.durability..")
                .should().dependOnClassesThat().resideInAPackage("io.meridian.engine.orchestrator..")
                .check(meridian);
    }

    @Test
    void enginePackagesAreFreeOfCycles() {
        slices().matching("io.meridian.engine.(*)..").should().beFreeOfCycles().check(meridian);
    }

    @Test
    void noVagueClassNames() {
        noClasses().should().haveSimpleNameEndingWith("Impl").orShould().haveSimpleNameEndingWith("Interface")
                .orShould().haveSimpleNameContaining("Util").check(meridian);
        classes().that().haveSimpleNameStartingWith("Abstract").should().haveModifier(
                com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT).allowEmptyShould(true).check(meridian);
    }
}
