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
}
