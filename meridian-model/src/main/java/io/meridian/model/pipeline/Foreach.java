package io.meridian.model.pipeline;

/**
 * Fan-out: one job per element of the list that {@code items} (a template such as
 * {@code {{input.files}}} or {@code {{stages.list.output.urls}}}) resolves to. Inside the stage's config,
 * {@code {{item}}} is the element and {@code {{item_index}}} its position. The stage's output is the list
 * of the jobs' outputs, in item order.
 */
public record Foreach(String items) {}
