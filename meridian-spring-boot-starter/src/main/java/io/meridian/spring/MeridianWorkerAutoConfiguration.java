package io.meridian.spring;

import io.meridian.worker.MeridianWorker;
import io.meridian.worker.sdk.TaskHandler;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a {@link MeridianWorker} when {@code meridian.coordinator} is set (and {@code meridian.mode} is not
 * {@code embedded}); its handlers are the application's
 * {@link TaskHandler} beans. Spring closes it when the application stops, which drains it. Adds a health indicator
 * when Actuator's health is on the class path and meters when Micrometer is.
 */
@AutoConfiguration
@EnableConfigurationProperties(MeridianProperties.class)
@ConditionalOnProperty(prefix = "meridian", name = "coordinator")
@ConditionalOnProperty(prefix = "meridian", name = "mode", havingValue = "worker", matchIfMissing = true)
public class MeridianWorkerAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MeridianWorker meridianWorker(MeridianProperties properties, ObjectProvider<TaskHandler> handlers) {
        List<TaskHandler> found = handlers.orderedStream().toList();
        if (found.isEmpty()) {
            throw new IllegalStateException("meridian.coordinator is set but the application has no TaskHandler bean:"
                    + " declare your handlers as beans (or remove meridian.coordinator)");
        }
        MeridianWorker.Builder builder = MeridianWorker.builder()
                .coordinator(properties.getCoordinator())
                .token(properties.getToken())
                .concurrency(properties.getWorker().getConcurrency())
                .drainTimeout(properties.getWorker().getDrainTimeout());
        if (properties.getWorker().getId() != null) {
            builder.id(properties.getWorker().getId());
        }
        found.forEach(builder::handler);
        return builder.start();
    }

    /** Actuator health, when spring-boot-health is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "meridianHealthIndicator")
        MeridianWorkerHealth meridianHealthIndicator(MeridianWorker worker) {
            return new MeridianWorkerHealth(worker);
        }
    }

    /** Micrometer meters, when Micrometer is present (a registry binds them). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Metrics {
        @Bean
        MeridianWorkerMetrics meridianWorkerMetrics(MeridianWorker worker) {
            return new MeridianWorkerMetrics(worker);
        }
    }
}
