package io.meridian.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Binds {@code meridian.*} whenever the starter is on the class path, even when neither mode starts, so that a
 * mistyped value (say {@code meridian.mode: embeded}) stops the application with Boot's error naming the property,
 * rather than silently starting nothing.
 */
@AutoConfiguration
@EnableConfigurationProperties(MeridianProperties.class)
public class MeridianPropertiesAutoConfiguration {}
