package io.lambdasuite.jobs.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdasuite.udfs.model.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * A dead letter as a JSON object for a Kafka topic: position, reason, detail, rejection time, and the raw
 * message as text when it is valid UTF-8 ({@code rawEncoding: "utf-8"}), else base64 ({@code "base64"}).
 */
public final class DeadLetterJson implements SerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;

    private transient ObjectMapper mapper;

    @Override
    public void open(InitializationContext context) {
        mapper = new ObjectMapper();
    }

    @Override
    public byte[] serialize(DeadLetter d) {
        if (mapper == null) {
            mapper = new ObjectMapper();
        }
        ObjectNode n = mapper.createObjectNode();
        n.put("topic", d.topic);
        n.put("partition", d.partition);
        n.put("offset", d.offset);
        n.put("file", d.file);
        n.put("reason", d.reason);
        n.put("detail", d.detail);
        n.put("rejectedAt", d.rejectedAt);
        String text = d.raw == null ? null : utf8(d.raw);
        n.put("rawEncoding", d.raw == null ? "none" : text != null ? "utf-8" : "base64");
        n.put("raw", d.raw == null ? null : text != null ? text : Base64.getEncoder().encodeToString(d.raw));
        try {
            return mapper.writeValueAsBytes(n);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialize dead letter", e);
        }
    }

    private static String utf8(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
