package ai.lantern.engine.transformers;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** What is wrong with a path, in words: Java's file errors often carry only the path. */
public final class PathProblems {
  private PathProblems() {}

  /**
   * Why {@code path} cannot be used as a {@code kind} ("directory" or "file"), or {@code null} when
   * it can be read as one.
   *
   * @param path the path to check; symbolic links are followed
   * @param kind {@code "directory"}, or anything else for a regular file
   * @return a sentence naming {@code path} and what is wrong (missing, a broken or looping link, the wrong
   *     kind, no permission), or {@code null} when it is usable
   */
  public static String problem(Path path, String kind) {
    boolean directory = kind.equals("directory");
    if (!Files.exists(path)) {
      if (Files.isSymbolicLink(path)) {
        // Follow the chain by hand: the file system only says "too many levels" for a loop.
        java.util.Set<Path> seen = new java.util.HashSet<>();
        Path p = path.toAbsolutePath().normalize();
        try {
          while (Files.isSymbolicLink(p)) {
            if (!seen.add(p) || seen.size() > 40) {
              return path + " is a symbolic link that loops back on itself (through " + p + ")";
            }
            p = p.resolveSibling(Files.readSymbolicLink(p)).normalize();
          }
        } catch (IOException e) {
          return path + " is a symbolic link that cannot be followed (" + reason(e) + ")";
        }
        return path + " is a symbolic link to a missing target (" + p + ")";
      }
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        return path + " does not exist (nor does its folder " + parent + ")";
      }
      return path + " does not exist";
    }
    if (directory && !Files.isDirectory(path)) {
      return path + " is a file, not a directory";
    }
    if (!directory && Files.isDirectory(path)) {
      return path + " is a directory, not a file";
    }
    if (!Files.isReadable(path) || directory && !Files.isExecutable(path)) {
      return path + " cannot be read: permission denied (owner and mode: " + mode(path) + ")";
    }
    return null;
  }

  /**
   * The reason an I/O call failed, in words, whatever the exception carries.
   *
   * @param e the exception of the failed call; not null
   * @return a short reason such as {@code permission denied}, else the exception's message, else its class name
   */
  public static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof FileSystemLoopException) {
      return "a loop of symbolic links";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String mode(Path path) {
    try {
      return Files.getOwner(path).getName() + " " + java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(path));
    } catch (IOException | UnsupportedOperationException e) {
      return "unknown";
    }
  }
}
