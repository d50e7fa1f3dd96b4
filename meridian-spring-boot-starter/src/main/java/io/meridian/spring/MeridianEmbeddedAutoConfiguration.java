package io.meridian.spring;

import io.meridian.embedded.EmbeddedEngine;
import io.meridian.embedded.EmbeddedMeridian;
import io.meridian.embedded.Meridian;
import io.meridian.worker.sdk.TaskHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code meridian.mode: embedded}, starts an {@link EmbeddedEngine} in the application: the built-in stage types
 * plus the application's {@link TaskHandler} beans. The application injects the engine to run or start pipelines;
 * Spring closes it when the application stops. Adds a health indicator and meters as the worker mode does.
 */
@AutoConfiguration
@EnableConfigurationProperties(MeridianProperties.class)
@ConditionalOnProperty(prefix = "meridian", name = "mode", havingValue = "embedded")
public class MeridianEmbeddedAutoConfiguration {

    /** The engine, when meridian-cli (which holds it) is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.meridian.embedded.Meridian")
    static class Engine {
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        EmbeddedEngine meridianEngine(MeridianProperties properties, ObjectProvider<TaskHandler> handlers) {
            if (properties.getCoordinator() != null) {
                throw new IllegalStateException("meridian.mode is embedded but meridian.coordinator is set to '"
                        + properties.getCoordinator() + "': an embedded engine is its own coordinator. Remove"
                        + " meridian.coordinator, or set meridian.mode: worker to join that coordinator");
            }
            MeridianProperties.Embedded settings = properties.getEmbedded();
            EmbeddedMeridian engine = Meridian.embedded()
                    .workers(settings.getWorkers(), settings.getConcurrency())
                    .timeout(settings.getTimeout());
            if (settings.getDataDir() != null) {
                engine.dataDir(settings.getDataDir());
            }
            handlers.orderedStream().forEach(engine::handler);
            return engine.start();
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
        static class Health {
            @Bean
            @ConditionalOnMissingBean(name = "meridianHealthIndicator")
            MeridianEngineHealth meridianHealthIndicator(EmbeddedEngine engine) {
                return new MeridianEngineHealth(engine);
            }
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
        static class Metrics {
            @Bean
            MeridianEngineMetrics meridianEngineMetrics(EmbeddedEngine engine) {
                return new MeridianEngineMetrics(engine);
            }
        }
    }

    /** Embedded mode without the engine on the class path: refuse to start, saying what to add. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("io.meridian.embedded.Meridian")
    static class EngineMissing {
        EngineMissing() {
            throw new IllegalStateException("meridian.mode is embedded but the embedded engine is not on the class"
                    + " path: add the dependency io.meridian:meridian-cli (or set meridian.mode: worker)");
        }
    }
}
