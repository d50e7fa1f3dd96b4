package io.meridian.worker.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method of a bean as the handler of a stage type; {@link StageTypes#of} turns each such method into a
 * {@link TaskHandler}. The method takes the config's type (bound by Jackson as in {@link TypedHandler}), optionally
 * followed by a {@link TaskContext}, and returns the output:
 *
 * <pre>{@code
 * public final class TextStages {
 *     @StageType("word_count")
 *     public Count count(Text in) { return new Count(in.text().strip().split("\\s+").length); }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface StageType {
    /** The stage type's name, as pipelines write it in a stage's {@code type}. */
    String value();
}
