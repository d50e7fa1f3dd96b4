package io.meridian.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;

/**
 * The command line's logging, set up in code: log lines go to stderr at {@code MERIDIAN_LOG_LEVEL} (default WARN),
 * since users read progress and results on the console, as text or, with {@code MERIDIAN_LOG_FORMAT=json}, as one
 * JSON object a line for a log collector. A {@code logback.xml} did the same through Logback's XML
 * interpreter and the JDK's XML parser, about 0.3 s of every start of a fresh JVM. A file named with
 * {@code -Dlogback.configurationFile} still replaces this.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class ConsoleLogConfigurator extends ContextAwareBase implements Configurator {
    /** Control characters in a message (a line break in a value someone sent) cannot start a forged line. */
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %replace(%msg){'[\\p{Cntrl}&&[^\\t]]', '?'}%n";
    private static final List<String> QUIET = List.of("com.zaxxer.hikari", "org.flywaydb", "org.eclipse.jetty",
            "io.javalin");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Encoder<ILoggingEvent> encoder = json() ? jsonEncoder(context) : textEncoder(context);
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level());
        root.addAppender(stderr);
        QUIET.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }

    /**
     * One JSON object a line, with the logging context ({@code mdc}): a worker's lines about a job carry its
     * {@code execution_id}, {@code stage_id}, {@code job_id} and, when traced, {@code trace_id} and {@code span_id}.
     */
    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }

    /**
     * MERIDIAN_LOG_FORMAT ({@code text}, the default, or {@code json}) as a system property or environment
     * variable. Any other value is reported on stderr, naming the setting, and logging stays text: a typo must
     * not keep the process from starting, nor leave Logback's own DEBUG-everything default in place.
     */
    static boolean json() {
        String v = System.getProperty("MERIDIAN_LOG_FORMAT", System.getenv("MERIDIAN_LOG_FORMAT"));
        if (v == null || v.isBlank() || v.trim().equalsIgnoreCase("text")) {
            return false;
        }
        if (v.trim().equalsIgnoreCase("json")) {
            return true;
        }
        System.err.println("MERIDIAN_LOG_FORMAT must be text or json, got '" + v + "': logging as text");
        return false;
    }

    /** MERIDIAN_LOG_LEVEL as a system property or environment variable; WARN when unset or not a level. */
    static Level level() {
        String v = System.getProperty("MERIDIAN_LOG_LEVEL", System.getenv("MERIDIAN_LOG_LEVEL"));
        return Level.toLevel(v, Level.WARN);
    }
}
