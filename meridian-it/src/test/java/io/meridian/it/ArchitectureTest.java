package io.meridian.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of docs/architecture: they point one way, and the engine stays free of I/O. */
class ArchitectureTest {
    static JavaClasses meridian;

    @BeforeAll
    static void importClasses() {
        // Test jars (the store's contract tests and fixtures) are tests too, whatever their path.
        meridian = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
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
                        "io.meridian.worker..", "io.meridian.cli..", "io.meridian.server..", "io.meridian.client..",
                        "io.meridian.store.embedded..", "io.meridian.store.postgres..", "io.meridian.store.mariadb..",
                        "io.meridian.store.jdbc..")
                .check(meridian);
    }

    /**
     * The engine and the store SPI hold handlers' data as JSON trees, but never read or write JSON text nor map
     * objects to JSON: that is the adapters' work (the HTTP layer, the stores, the codecs in model). So they use
     * no Jackson mapper, reader, writer, streaming parser or generator, no annotation, and no entry point of
     * {@link io.meridian.model.json.Json} that parses, writes or converts.
     */
    @Test
    void theEngineAndTheStoreSpiNeverParseWriteOrMapJson() {
        String[] engineAndSpi = {"io.meridian.engine..", "io.meridian.store", "io.meridian.store.leader..",
                "io.meridian.store.lock..", "io.meridian.store.query..", "io.meridian.store.memory.."};
        noClasses().that().resideInAnyPackage(engineAndSpi)
                .should().dependOnClassesThat().resideInAnyPackage("tools.jackson.core..",
                        "tools.jackson.dataformat..", "com.fasterxml.jackson..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("tools.jackson.databind.ObjectMapper")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("tools.jackson.databind.json.JsonMapper")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("tools.jackson.databind.ObjectReader")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("tools.jackson.databind.ObjectWriter")
                .orShould().callMethodWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                        HasName.Predicates.name("io.meridian.model.json.Json"))).and(JavaCall.Predicates.target(
                        HasName.Predicates.nameMatching("parse|write|writeBytes|toTree|convert"))))
                .orShould().accessField("io.meridian.model.json.Json", "MAPPER")
                .check(meridian);
    }

    /** The scheduling core (placement, workers, leases, durability, leadership, locks, time) carries no JSON at all. */
    @Test
    void theSchedulingCoreUsesNoJsonTypes() {
        noClasses().that().resideInAnyPackage("io.meridian.engine.placement..", "io.meridian.engine.registry..",
                        "io.meridian.engine.lease..", "io.meridian.engine.durability..", "io.meridian.engine.leader..",
                        "io.meridian.engine.locks..", "io.meridian.engine.time..", "io.meridian.engine.tasks..")
                .should().dependOnClassesThat().resideInAnyPackage("tools.jackson..", "com.fasterxml.jackson..",
                        "io.meridian.model.json..")
                .check(meridian);
    }

    /**
     * The root package holds the coordinator that wires the engine's parts together; the parts never depend on it
     * (with {@link #enginePackagesAreFreeOfCycles} this keeps the root out of every cycle too).
     */
    @Test
    void theEnginesPartsDoNotDependOnTheCoordinatorThatWiresThem() {
        noClasses().that().resideInAPackage("io.meridian.engine..").and().resideOutsideOfPackage("io.meridian.engine")
                .should().dependOnClassesThat().resideInAPackage("io.meridian.engine")
                .check(meridian);
    }

    /**
     * The event sinks read the store's event log and cursors and send CloudEvents (protocol, model): they know no
     * engine, server, worker, client or CLI, and only the server (which runs them while it leads) and the CLI (which
     * reads their configuration through the server) know them.
     */
    @Test
    void theEventSinksKnowOnlyStoreProtocolAndModel() {
        noClasses().that().resideInAPackage("io.meridian.events..")
                .should().dependOnClassesThat().resideInAnyPackage("io.meridian.engine..", "io.meridian.server..",
                        "io.meridian.worker..", "io.meridian.client..", "io.meridian.cli..", "io.meridian.bench..",
                        "io.meridian.store.jdbc..", "io.meridian.store.embedded..", "io.meridian.store.postgres..",
                        "io.meridian.store.mariadb..")
                .check(meridian);
        noClasses().that().resideInAnyPackage("io.meridian.engine..", "io.meridian.store..", "io.meridian.protocol..",
                        "io.meridian.model..", "io.meridian.worker..", "io.meridian.client..")
                .should().dependOnClassesThat().resideInAPackage("io.meridian.events..")
                .check(meridian);
    }

    /**
     * Pools (the scaling policy, the provisioners) know only the wire records and the model: the server feeds them
     * the engine's demand, so they stay plain Java that a benchmark or a test drives with a clock of its own. Only
     * the server, the CLI and the benchmarks use them.
     */
    @Test
    void poolsKnowOnlyTheProtocolAndTheModel() {
        noClasses().that().resideInAPackage("io.meridian.elastic..")
                .should().dependOnClassesThat().resideInAnyPackage("io.meridian.engine..", "io.meridian.store..",
                        "io.meridian.worker..", "io.meridian.client..", "io.meridian.server..", "io.meridian.cli..")
                .check(meridian);
        noClasses().that().resideInAnyPackage("io.meridian.model..", "io.meridian.protocol..", "io.meridian.store..",
                        "io.meridian.engine..", "io.meridian.worker..", "io.meridian.client..")
                .should().dependOnClassesThat().resideInAPackage("io.meridian.elastic..")
                .check(meridian);
    }

    /**
     * The kubernetes provisioner is a module of its own that only the CLI has (at run time): nothing names its
     * classes, the server finds it through ProvisionerFactory, and no other class knows the fabric8 client.
     */
    @Test
    void onlyTheKubernetesProvisionerKnowsTheKubernetesClient() {
        noClasses().that().resideOutsideOfPackage("io.meridian.elastic.kubernetes..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "io.meridian.elastic.kubernetes..")
                .check(meridian);
    }

    /**
     * Tracing is a module of its own: the engine and the worker expose small hooks (GrantTraceContext,
     * HandlerTracing) and know no OpenTelemetry type, so with tracing off no SDK class is even loaded. The tracing
     * module implements the hooks and knows no adapter; the server and the CLI wire it.
     */
    @Test
    void onlyTheTracingModuleKnowsOpenTelemetry() {
        noClasses().that().resideInAnyPackage("io.meridian.model..", "io.meridian.protocol..", "io.meridian.store..",
                        "io.meridian.engine..", "io.meridian.worker..", "io.meridian.client..", "io.meridian.elastic..")
                .should().dependOnClassesThat().resideInAnyPackage("io.opentelemetry..", "io.meridian.tracing..")
                .check(meridian);
        noClasses().that().resideInAPackage("io.meridian.tracing..")
                .should().dependOnClassesThat().resideInAnyPackage("io.meridian.server..", "io.meridian.cli..",
                        "io.meridian.client..", "io.meridian.elastic..")
                .check(meridian);
    }

    /**
     * meridian-sdk is what a handler jar compiles against, so it depends on no Meridian module: its classes use only
     * each other, the JDK and Jackson. The rule goes by the jar or directory a class was loaded from, because the SDK
     * keeps the package names its types always had ({@code io.meridian.worker.sdk}, and {@code ConfigSchema} and
     * {@code Suggestions} in {@code io.meridian.model}); an array type counts as its element type.
     */
    @Test
    void theSdkDependsOnNoMeridianModule() {
        DescribedPredicate<JavaClass> inSdk = DescribedPredicate.describe("in meridian-sdk", c -> c.getBaseComponentType().getSource()
                .map(source -> source.getUri().toString().contains("/meridian-sdk/")).orElse(false));
        classes().that(inSdk)
                .should().onlyDependOnClassesThat(inSdk.or(JavaClass.Predicates.resideOutsideOfPackage("io.meridian..")))
                .check(meridian);
    }

    @Test
    void workersNeverDependOnTheEngine() {
        noClasses().that().resideInAPackage("io.meridian.worker..")
                .should().dependOnClassesThat().resideInAnyPackage("io.meridian.engine..", "io.meridian.store..",
                        "io.meridian.cli..")
                .check(meridian);
    }

    /**
     * The Spring Boot starter wires what an application embeds: the worker (and its SDK) and the embedded engine's
     * entry point, never the engine, stores, server or CLI internals directly; and nothing depends on the starter.
     */
    @Test
    void theSpringStarterUsesOnlyTheWorkerAndTheEmbeddedEntryPoint() {
        classes().that().resideInAPackage("io.meridian.spring..")
                .should().onlyDependOnClassesThat(JavaClass.Predicates.resideOutsideOfPackage("io.meridian..")
                        .or(JavaClass.Predicates.resideInAnyPackage("io.meridian.spring..", "io.meridian.worker..",
                                "io.meridian.embedded..")))
                .check(meridian);
        noClasses().that().resideOutsideOfPackage("io.meridian.spring..")
                .should().dependOnClassesThat().resideInAPackage("io.meridian.spring..").check(meridian);
    }

    @Test
    void theCliKnowsNoBenchmarkAndNoStoreInternals() {
        // The benchmarks plug into the CLI (CommandExtension); the production jar carries none of them, and picks a
        // store through StoreProvider, never through a store's own classes.
        noClasses().that().resideInAPackage("io.meridian.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.meridian.bench..", "io.meridian.store.postgres..",
                        "io.meridian.store.embedded..", "io.meridian.store.mariadb..", "io.meridian.store.jdbc..")
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
