package io.meridian.protocol.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One Meridian event in the CloudEvents 1.0 JSON format, as {@code /v1/events}, its stream and its WebSocket send
 * it. {@code sequence} and {@code executionid} are extension attributes: the sequence is store-wide, strictly
 * increasing and dense (a reader that resumes after N misses nothing); {@code executionid} is set on the events
 * of an execution, its stages and its jobs.
 *
 * @param specversion     always {@code 1.0}
 * @param id              the sequence number as text: unique within the source
 * @param source          {@code /meridian}
 * @param type            {@code io.meridian.} followed by the short type, such as {@code io.meridian.job.succeeded}
 * @param subject         what changed: a job id, stage id, execution id, worker id, lock resource, region or node
 * @param time            when the change happened
 * @param datacontenttype always {@code application/json}
 * @param sequence        the store-wide sequence number
 * @param executionid     the execution the event belongs to, if any
 * @param data            the event's fields (docs/events.md lists them per type)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(String specversion, String id, String source, String type, String subject, Instant time,
                         String datacontenttype, long sequence, String executionid, Map<String, Object> data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String SOURCE = "/meridian";
    public static final String TYPE_PREFIX = "io.meridian.";

    /** The short type ({@code job.succeeded}), without the {@code io.meridian.} prefix. */
    public String shortType() {
        return type != null && type.startsWith(TYPE_PREFIX) ? type.substring(TYPE_PREFIX.length()) : type;
    }
}
