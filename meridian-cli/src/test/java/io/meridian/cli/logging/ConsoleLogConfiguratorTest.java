package io.meridian.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class ConsoleLogConfiguratorTest {
    @Test
    void warningsGoToStderrOnOneLineAndLibraryChatterIsDropped() {
        LoggerContext context = new LoggerContext();
        System.setProperty("MERIDIAN_LOG_LEVEL", "info");
        try {
            new ConsoleLogConfigurator().configure(context);
        } finally {
            System.clearProperty("MERIDIAN_LOG_LEVEL");
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        var stderr = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(stderr.isStarted()).isTrue();

        Logger log = context.getLogger("io.meridian.test");
        assertThat(log.isInfoEnabled()).isTrue();
        assertThat(context.getLogger("com.zaxxer.hikari.pool").isInfoEnabled()).isFalse();
        assertThat(context.getLogger("org.eclipse.jetty.server").isWarnEnabled()).isTrue();

        var event = new LoggingEvent(Logger.FQCN, log, Level.WARN, "forged\nline {}", null, new Object[] {"x"});
        String line = ((PatternLayoutEncoder) stderr.getEncoder()).getLayout().doLayout(event);
        assertThat(line).endsWith(" WARN  io.meridian.test - forged?line x" + System.lineSeparator());
    }

    @Test
    void theLevelComesFromMeridianLogLevelAndFallsBackToWarn() {
        System.setProperty("MERIDIAN_LOG_LEVEL", "debug");
        try {
            assertThat(ConsoleLogConfigurator.level()).isEqualTo(Level.DEBUG);
            System.setProperty("MERIDIAN_LOG_LEVEL", "loud");
            assertThat(ConsoleLogConfigurator.level()).isEqualTo(Level.WARN);
        } finally {
            System.clearProperty("MERIDIAN_LOG_LEVEL");
        }
    }

    @Test
    void jsonLogsAreOneObjectALineWithTheJobsIdsFromTheLoggingContext() {
        LoggerContext context = new LoggerContext();
        System.setProperty("MERIDIAN_LOG_FORMAT", "json");
        try {
            new ConsoleLogConfigurator().configure(context);
        } finally {
            System.clearProperty("MERIDIAN_LOG_FORMAT");
        }
        var stderr = (ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        Logger log = context.getLogger("io.meridian.test");
        var event = new LoggingEvent(Logger.FQCN, log, Level.WARN, "job {} failed\nagain", null, new Object[] {"j7"});
        // what a worker's job thread holds while the handler runs (TracedCall)
        event.setMDCPropertyMap(java.util.Map.of("execution_id", "x1",
                "trace_id", "0af7651916cd43dd8448eb211c80319c"));
        String line = new String(stderr.getEncoder().encode(event), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(line.strip()).doesNotContain("\n").startsWith("{").endsWith("}");
        assertThat(line).contains("\"level\":\"WARN\"", "\"loggerName\":\"io.meridian.test\"",
                "\"formattedMessage\":\"job j7 failed\\nagain\"", "\"execution_id\":\"x1\"",
                "\"trace_id\":\"0af7651916cd43dd8448eb211c80319c\"");
    }

    @Test
    void anUnknownLogFormatFallsBackToText() {
        System.setProperty("MERIDIAN_LOG_FORMAT", "xml");
        try {
            assertThat(ConsoleLogConfigurator.json()).isFalse();
            System.setProperty("MERIDIAN_LOG_FORMAT", " JSON ");
            assertThat(ConsoleLogConfigurator.json()).isTrue();
        } finally {
            System.clearProperty("MERIDIAN_LOG_FORMAT");
        }
    }
}
