package io.lambdasuite.udfs.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The string format of the rows' own Flink serializers: length + 1 as a varint (0 is null), then the characters
 * as CESU-8 (UTF-8 with each UTF-16 unit of a surrogate pair encoded on its own, so any Java string, a lone
 * surrogate from a JSON escape included, comes back exactly), in one write instead of Flink's one call per
 * character. Reuses one buffer: one instance per serializer instance, never shared between threads.
 */
final class StringBlocks implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private transient byte[] buffer;

    private byte[] buffer(int size) {
        if (buffer == null || buffer.length < size) {
            buffer = new byte[Math.max(size, buffer == null ? 256 : buffer.length * 2)];
        }
        return buffer;
    }

    /** Writes {@code s} (null too). */
    void write(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        int chars = s.length();
        byte[] b = buffer(chars * 3 + 5);
        int p = 5; // room for the varint, written in front once the length is known
        for (int i = 0; i < chars; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        int length = p - 5 + 1;
        int start = 5 - varIntSize(length);
        int q = start;
        while ((length & ~0x7F) != 0) {
            b[q++] = (byte) ((length & 0x7F) | 0x80);
            length >>>= 7;
        }
        b[q] = (byte) length;
        out.write(b, start, p - start);
    }

    private static int varIntSize(int v) {
        int n = 1;
        while ((v & ~0x7F) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    /** Reads what {@link #write} wrote. */
    String read(DataInputView in) throws IOException {
        int length = 0;
        int shift = 0;
        int b;
        do {
            b = in.readUnsignedByte();
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        if (length == 0) {
            return null;
        }
        int bytes = length - 1;
        if (bytes == 0) {
            return "";
        }
        byte[] buf = buffer(bytes);
        in.readFully(buf, 0, bytes);
        boolean ascii = true;
        for (int i = 0; i < bytes; i++) {
            if (buf[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(buf, 0, bytes, StandardCharsets.ISO_8859_1);
        }
        char[] chars = new char[bytes];
        int n = 0;
        for (int i = 0; i < bytes; ) {
            int c = buf[i] & 0xFF;
            if (c < 0x80) {
                chars[n++] = (char) c;
                i++;
            } else if (c < 0xE0) {
                chars[n++] = (char) (((c & 0x1F) << 6) | (buf[i + 1] & 0x3F));
                i += 2;
            } else {
                chars[n++] = (char) (((c & 0x0F) << 12) | ((buf[i + 1] & 0x3F) << 6) | (buf[i + 2] & 0x3F));
                i += 3;
            }
        }
        return new String(chars, 0, n);
    }
}
