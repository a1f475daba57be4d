package ai.lantern.engine.transformers;

import ai.lantern.core.InvalidModelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a SentencePiece model file ({@code sentencepiece.bpe.model}, {@code spm.model}) holds that a
 * tokenizer needs: its pieces with scores and types, the algorithm, the unknown piece, and the
 * normalizer's precompiled character map. The file is a protocol-buffers {@code ModelProto}; this
 * reads its wire format directly (fields: pieces 1 {piece 1, score 2, type 3}, trainer_spec 2
 * {model_type 3, byte_fallback 35, unk_id 40}, normalizer_spec 3 {precompiled_charsmap 2,
 * add_dummy_prefix 3, remove_extra_whitespaces 4}).
 *
 * @param modelType 1 unigram, 2 BPE, 3 word, 4 char
 */
record SentencePieceModel(List<Piece> pieces, int modelType, int unkId, boolean byteFallback, byte[] charsmap,
    boolean addDummyPrefix, boolean removeExtraWhitespaces) {

  /** One piece: its text ({@code ▁good}), log-probability score and type (1 normal, 2 unknown, 3 control, 6 byte). */
  record Piece(String piece, float score, int type) {}

  /**
   * Reads {@code file}.
   *
   * @throws InvalidModelException naming the file if it is not a SentencePiece model
   */
  static SentencePieceModel read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidModelException("cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      Reader r = new Reader(ByteBuffer.wrap(bytes));
      List<Piece> pieces = new ArrayList<>();
      int modelType = 1;
      int unkId = 0;
      boolean byteFallback = false;
      byte[] charsmap = new byte[0];
      boolean dummyPrefix = true;
      boolean removeSpaces = true;
      while (r.more()) {
        int key = r.varint32();
        switch (key) {
          case (1 << 3) | 2 -> pieces.add(piece(r.message()));
          case (2 << 3) | 2 -> {
            Reader t = r.message();
            while (t.more()) {
              int k = t.varint32();
              switch (k) {
                case (3 << 3) -> modelType = t.varint32();
                case (35 << 3) -> byteFallback = t.varint32() != 0;
                case (40 << 3) -> unkId = t.varint32();
                default -> t.skip(k);
              }
            }
          }
          case (3 << 3) | 2 -> {
            Reader n = r.message();
            while (n.more()) {
              int k = n.varint32();
              switch (k) {
                case (2 << 3) | 2 -> charsmap = n.bytes();
                case (3 << 3) -> dummyPrefix = n.varint32() != 0;
                case (4 << 3) -> removeSpaces = n.varint32() != 0;
                default -> n.skip(k);
              }
            }
          }
          default -> r.skip(key);
        }
      }
      if (pieces.isEmpty()) {
        throw new InvalidModelException(file + " holds no pieces: it is not a SentencePiece model");
      }
      return new SentencePieceModel(List.copyOf(pieces), modelType, unkId, byteFallback, charsmap, dummyPrefix,
          removeSpaces);
    } catch (RuntimeException e) {
      if (e instanceof InvalidModelException ime) {
        throw ime;
      }
      throw new InvalidModelException(file + " is not a SentencePiece model (" + e.getMessage() + ")", e);
    }
  }

  private static Piece piece(Reader r) {
    String text = "";
    float score = 0;
    int type = 1;
    while (r.more()) {
      int k = r.varint32();
      switch (k) {
        case (1 << 3) | 2 -> text = new String(r.bytes(), StandardCharsets.UTF_8);
        case (2 << 3) | 5 -> score = r.float32();
        case (3 << 3) -> type = r.varint32();
        default -> r.skip(k);
      }
    }
    return new Piece(text, score, type);
  }

  /** The protocol-buffers wire format, as far as a ModelProto needs it. */
  private static final class Reader {
    private final ByteBuffer in;

    Reader(ByteBuffer in) {
      this.in = in.order(ByteOrder.LITTLE_ENDIAN);
    }

    boolean more() {
      return in.hasRemaining();
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = in.get();
        v |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("malformed varint");
    }

    int varint32() {
      return (int) varint();
    }

    float float32() {
      return in.getFloat();
    }

    byte[] bytes() {
      int n = varint32();
      if (n < 0 || n > in.remaining()) {
        throw new IllegalArgumentException("a field of " + n + " bytes overruns the file");
      }
      byte[] out = new byte[n];
      in.get(out);
      return out;
    }

    Reader message() {
      return new Reader(ByteBuffer.wrap(bytes()));
    }

    void skip(int key) {
      switch (key & 7) {
        case 0 -> varint();
        case 1 -> in.position(in.position() + 8);
        case 2 -> bytes();
        case 5 -> in.position(in.position() + 4);
        default -> throw new IllegalArgumentException("unsupported wire type " + (key & 7));
      }
    }
  }
}
