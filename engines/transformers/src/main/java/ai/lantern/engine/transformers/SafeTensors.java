package ai.lantern.engine.transformers;

import ai.lantern.core.InvalidModelException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tensors of a HuggingFace weights folder: {@code model.safetensors}, or the shards listed by
 * {@code model.safetensors.index.json}. Every header is read and checked when the folder is
 * opened (dtype, shape, offsets inside the file, no overlap); tensor data is read on demand and
 * always returned as float32, whatever the stored type (F32, F16, BF16; F64 is narrowed).
 *
 * <p>The format: an unsigned 64-bit little-endian header length, a JSON header mapping each tensor
 * name to {@code dtype}, {@code shape} and {@code data_offsets} (begin, end) relative to the end
 * of the header, then the raw little-endian data.
 */
public final class SafeTensors {
  /** A header larger than this is not a safetensors file (the format itself caps it at 100 MB). */
  private static final long MAX_HEADER = 100L << 20;

  /**
   * Where one tensor lies.
   *
   * @param file the safetensors file (shard) that holds the tensor
   * @param name the tensor's name in the header, e.g. {@code bert.embeddings.word_embeddings.weight}
   * @param dtype the stored type: {@code F32}, {@code F16}, {@code BF16}, {@code F64} or an integer type
   *     ({@code I64}, {@code I32}, {@code I16}, {@code I8}, {@code U8}, {@code BOOL})
   * @param shape the dimensions, outermost first; empty for a scalar
   * @param begin the byte offset of the data's start in {@code file}, counted from the file's start
   * @param end the byte offset just past the data's end in {@code file}
   */
  public record Entry(Path file, String name, String dtype, long[] shape, long begin, long end) {
    /**
     * The number of values in the tensor.
     *
     * @return the product of {@code shape}; 1 for a scalar
     */
    public long elements() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }

    /**
     * The shape for messages.
     *
     * @return the dimensions as {@link Arrays#toString(long[])} writes them, e.g. {@code [768, 3072]}
     */
    public String shapeString() {
      return Arrays.toString(shape);
    }
  }

  private final Map<String, Entry> entries;

  private SafeTensors(Map<String, Entry> entries) {
    this.entries = entries;
  }

  /**
   * Opens the weights of a folder: {@code model.safetensors.index.json} if present, else
   * {@code model.safetensors}.
   *
   * @param dir the HuggingFace folder holding the weights; not null
   * @return the folder's tensors, every header read and checked, no data read yet
   * @throws InvalidModelException naming the file and the fault
   */
  public static SafeTensors open(Path dir) {
    Path index = dir.resolve("model.safetensors.index.json");
    if (Files.isRegularFile(index)) {
      return openSharded(index);
    }
    Path single = dir.resolve("model.safetensors");
    Map<String, Entry> entries = new LinkedHashMap<>();
    readHeader(single, entries);
    return new SafeTensors(entries);
  }

  private static SafeTensors openSharded(Path index) {
    JsonObject json = Json.readObject(index);
    JsonElement map = json.get("weight_map");
    if (map == null || !map.isJsonObject() || map.getAsJsonObject().size() == 0) {
      throw new InvalidModelException(index + ": field weight_map is missing or empty; it must map every tensor "
          + "name to its shard file");
    }
    Map<String, String> shardOf = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : map.getAsJsonObject().entrySet()) {
      if (!e.getValue().isJsonPrimitive()) {
        throw new InvalidModelException(index + ": weight_map[" + e.getKey() + "] = " + e.getValue()
            + " is not a file name");
      }
      shardOf.put(e.getKey(), e.getValue().getAsString());
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    Path dir = index.getParent();
    for (String shard : new TreeSet<>(shardOf.values())) {
      Path file = dir.resolve(shard).normalize();
      if (!file.getParent().equals(dir)) {
        throw new InvalidModelException(index + ": shard " + shard + " lies outside " + dir);
      }
      readHeader(file, entries);
    }
    for (Map.Entry<String, String> e : shardOf.entrySet()) {
      Entry found = entries.get(e.getKey());
      if (found == null || !found.file().getFileName().toString().equals(e.getValue())) {
        throw new InvalidModelException(index + " places tensor " + e.getKey() + " in " + e.getValue()
            + (found == null ? ", which does not hold it" : ", but it is in " + found.file().getFileName()));
      }
    }
    return new SafeTensors(entries);
  }

  private static void readHeader(Path file, Map<String, Entry> into) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidModelException(file.getFileName() + " not found in " + file.getParent());
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new InvalidModelException(file + " has " + size + " bytes: too short for a safetensors header "
            + "(truncated download?)");
      }
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, len, 0);
      long headerLength = len.getLong(0);
      if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > size - 8) {
        throw new InvalidModelException(file + " declares a " + Long.toUnsignedString(headerLength) + "-byte header "
            + "in a file of " + size + " bytes: not a safetensors file, or truncated");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLength);
      readFully(ch, header, 8);
      JsonObject json;
      try {
        JsonElement parsed = JsonParser.parseString(new String(header.array(), StandardCharsets.UTF_8));
        if (!parsed.isJsonObject()) {
          throw new InvalidModelException(file + ": the safetensors header is not a JSON object");
        }
        json = parsed.getAsJsonObject();
      } catch (JsonParseException e) {
        throw new InvalidModelException(file + ": the safetensors header is not valid JSON ("
            + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()) + ")", e);
      }
      long dataStart = 8 + headerLength;
      long dataSize = size - dataStart;
      List<Entry> inFile = new ArrayList<>();
      for (Map.Entry<String, JsonElement> e : json.entrySet()) {
        if (e.getKey().equals("__metadata__")) {
          continue;
        }
        Entry entry = parseEntry(file, e.getKey(), e.getValue(), dataSize);
        if (into.putIfAbsent(e.getKey(), new Entry(file, e.getKey(), entry.dtype(), entry.shape(),
            dataStart + entry.begin(), dataStart + entry.end())) != null) {
          throw new InvalidModelException(file + " holds tensor " + e.getKey() + " which another shard holds too");
        }
        inFile.add(entry);
      }
      inFile.sort((a, b) -> Long.compare(a.begin(), b.begin()));
      for (int i = 1; i < inFile.size(); i++) {
        if (inFile.get(i).begin() < inFile.get(i - 1).end()) {
          throw new InvalidModelException(file + ": tensors " + inFile.get(i - 1).name() + " and "
              + inFile.get(i).name() + " overlap (data_offsets " + inFile.get(i - 1).begin() + ".."
              + inFile.get(i - 1).end() + " and " + inFile.get(i).begin() + ".." + inFile.get(i).end() + ")");
        }
      }
    } catch (IOException e) {
      throw new InvalidModelException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Entry parseEntry(Path file, String name, JsonElement value, long dataSize) {
    String where = file + ": tensor " + name;
    if (!value.isJsonObject()) {
      throw new InvalidModelException(where + " has header " + value + "; expected {dtype, shape, data_offsets}");
    }
    JsonObject o = value.getAsJsonObject();
    JsonElement dt = o.get("dtype");
    if (dt == null || !dt.isJsonPrimitive()) {
      throw new InvalidModelException(where + " has no dtype");
    }
    String dtype = dt.getAsString();
    int width = switch (dtype) {
      case "F32" -> 4;
      case "F16", "BF16" -> 2;
      case "F64", "I64" -> 8;
      case "I32" -> 4;
      case "I16" -> 2;
      case "I8", "U8", "BOOL" -> 1;
      default -> throw new InvalidModelException(where + " has dtype " + dtype + "; supported: F32, F16, BF16, F64 "
          + "(and integer buffers)");
    };
    long[] shape;
    long[] offsets;
    try {
      shape = longs(o.get("shape"));
      offsets = longs(o.get("data_offsets"));
    } catch (RuntimeException e) {
      throw new InvalidModelException(where + ": shape " + o.get("shape") + " or data_offsets " + o.get("data_offsets")
          + " is not a list of non-negative integers", e);
    }
    if (offsets.length != 2) {
      throw new InvalidModelException(where + " has data_offsets " + o.get("data_offsets") + "; expected [begin, end]");
    }
    long elements = 1;
    for (long d : shape) {
      elements = Math.multiplyExact(elements, d);
    }
    if (offsets[0] > offsets[1] || offsets[1] > dataSize) {
      throw new InvalidModelException(where + " has data_offsets [" + offsets[0] + ", " + offsets[1] + "] but the file "
          + "holds " + dataSize + " data bytes (truncated, or a header that lies)");
    }
    if (offsets[1] - offsets[0] != elements * width) {
      throw new InvalidModelException(where + " has shape " + Arrays.toString(shape) + " of " + dtype + " ("
          + elements * width + " bytes) but data_offsets span " + (offsets[1] - offsets[0]) + " bytes");
    }
    return new Entry(file, name, dtype, shape, offsets[0], offsets[1]);
  }

  private static long[] longs(JsonElement e) {
    var array = e.getAsJsonArray();
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      double v = array.get(i).getAsDouble();
      if (v < 0 || v != Math.rint(v)) {
        throw new IllegalArgumentException("not a non-negative integer: " + v);
      }
      out[i] = array.get(i).getAsLong();
    }
    return out;
  }

  private static void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException {
    long at = position;
    while (into.hasRemaining()) {
      int n = ch.read(into, at);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + at);
      }
      at += n;
    }
    into.flip();
  }

  /**
   * Tensor names, in header order.
   *
   * @return an unmodifiable view of the names, shard by shard in file-name order for sharded weights
   */
  public Set<String> names() {
    return Collections.unmodifiableSet(entries.keySet());
  }

  /**
   * Where a tensor lies.
   *
   * @param name the tensor's name in the header
   * @return the tensor's entry, or null when no file holds {@code name}
   */
  public Entry entry(String name) {
    return entries.get(name);
  }

  /**
   * Whether the weights hold a tensor.
   *
   * @param name the tensor's name in the header
   * @return true when a file holds {@code name}
   */
  public boolean has(String name) {
    return entries.containsKey(name);
  }

  /**
   * The tensor's values as float32 in native byte order, row-major, in a new direct buffer: the
   * engine may keep using it (DJL's PyTorch engine wraps it without copying), so it is never reused.
   *
   * @param e an entry of these weights, from {@link #entry(String)}; not null
   * @return a buffer of {@code e.elements() × 4} bytes, positioned at 0
   * @throws InvalidModelException if the tensor is larger than 2 GB, is not of a floating-point type, or
   *     cannot be read
   */
  public ByteBuffer readFloat32(Entry e) {
    if (e.elements() > Integer.MAX_VALUE / 4) {
      throw new InvalidModelException(e.file() + ": tensor " + e.name() + " of shape " + e.shapeString()
          + " is larger than 2 GB");
    }
    ByteBuffer out = ByteBuffer.allocateDirect((int) e.elements() * 4).order(ByteOrder.nativeOrder());
    try (FileChannel ch = FileChannel.open(e.file(), StandardOpenOption.READ)) {
      // Mapped, not copied: the only copy is the float32 one the engine keeps.
      ByteBuffer raw = ch.map(FileChannel.MapMode.READ_ONLY, e.begin(), e.end() - e.begin())
          .order(ByteOrder.LITTLE_ENDIAN);
      switch (e.dtype()) {
        case "F32" -> {
          while (raw.hasRemaining()) {
            out.putFloat(raw.getFloat());
          }
        }
        case "F16" -> {
          while (raw.hasRemaining()) {
            out.putFloat(halfToFloat(raw.getShort()));
          }
        }
        case "BF16" -> {
          while (raw.hasRemaining()) {
            out.putFloat(Float.intBitsToFloat((raw.getShort() & 0xffff) << 16));
          }
        }
        case "F64" -> {
          while (raw.hasRemaining()) {
            out.putFloat((float) raw.getDouble());
          }
        }
        default -> throw new InvalidModelException(e.file() + ": tensor " + e.name() + " has dtype " + e.dtype()
            + ", which is not a floating-point weight");
      }
    } catch (IOException ex) {
      throw new InvalidModelException("cannot read tensor " + e.name() + " from " + e.file() + ": " + ex.getMessage(),
          ex);
    }
    out.flip();
    return out;
  }

  /**
   * IEEE 754 binary16 to binary32, subnormals, infinities and NaN included.
   *
   * @param bits the 16 bits of a half-precision value (sign, 5-bit exponent, 10-bit mantissa)
   * @return the same value as a float; exact, since every half is a float
   */
  public static float halfToFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      if (mantissa == 0) {
        return Float.intBitsToFloat(sign);
      }
      float value = mantissa * 0x1p-24f;
      return sign == 0 ? value : -value;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}
