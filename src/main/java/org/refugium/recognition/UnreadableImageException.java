package org.refugium.recognition;

/**
 * The upload is not an image we can decode: not an image at all, an unsupported format, a
 * truncated or corrupt file, or one over the pixel limit. The HTTP layer answers 4xx (415 or
 * 422, 413 for {@link #isTooLarge()}); the message is fit to show to the client.
 */
public class UnreadableImageException extends Exception {

  private final boolean tooLarge;

  public UnreadableImageException(String message) {
    this(message, false, null);
  }

  public UnreadableImageException(String message, Throwable cause) {
    this(message, false, cause);
  }

  UnreadableImageException(String message, boolean tooLarge, Throwable cause) {
    super(message, cause);
    this.tooLarge = tooLarge;
  }

  /** True when the image was refused for its pixel count, before decoding. */
  public boolean isTooLarge() {
    return tooLarge;
  }
}
