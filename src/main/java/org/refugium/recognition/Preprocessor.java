package org.refugium.recognition;

import java.awt.image.BufferedImage;

/**
 * Scales an upright RGB image to the model's square input and lays it out as NCHW floats of
 * raw 0..255 values (the graph applies the input tensor's own quantisation to them).
 *
 * <p>Default: the whole image is resized, aspect ratio not kept (as Coral's classify_image.py
 * does), with an antialiasing triangle (bilinear) filter as in PIL's {@code BILINEAR}. Measured
 * on the reference photos this reproduces the expected scores (parrot 0.726, owl 0.965,
 * dragonfly 0.817 against 0.72/0.96/0.82), where Lanczos gives 0.79/0.94/0.53, nearest
 * 0.66/0.94/0.39 and a centre crop loses the parrot's tail (0.28). Centre crop and the other
 * filters stay available for models trained otherwise.
 *
 * <p>The filter is separable and applied PIL-style: horizontal pass, rounding to 8 bits, then
 * vertical. Large photos are first box-averaged by an integer factor (as PIL's
 * {@code reducing_gap}) so the filter passes stay cheap; at least 3x the target is kept.
 */
public final class Preprocessor {

  public enum Mode { RESIZE, CENTER_CROP }

  /** Resampling filter: Lanczos-3 or triangle (both antialiasing), or nearest neighbour. */
  public enum Filter { LANCZOS, BILINEAR, NEAREST }
  private static final int REDUCING_GAP = 3;

  private final int size;
  private final Mode mode;
  private final Filter filter;

  public Preprocessor(int size, Mode mode, Filter filter) {
    this.size = size;
    this.mode = mode;
    this.filter = filter;
  }

  public int size() {
    return size;
  }

  /** NCHW float[3 * size * size], values 0..255. */
  public float[] toTensor(BufferedImage image) {
    BufferedImage rgb = ImageDecoder.toIntRgb(image);
    int x0 = 0;
    int y0 = 0;
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    if (mode == Mode.CENTER_CROP) {
      int side = Math.min(w, h);
      x0 = (w - side) / 2;
      y0 = (h - side) / 2;
      w = side;
      h = side;
    }
    int[] px = (int[]) rgb.getRaster().getDataElements(x0, y0, w, h, null);
    if (w == size && h == size) {
      return planes(px); // already the input size: any filter would be the identity
    }
    if (filter == Filter.NEAREST) {
      return planes(nearest(px, w, h));
    }
    int factor = Math.min(w / (size * REDUCING_GAP), h / (size * REDUCING_GAP));
    if (factor >= 2) {
      int rw = w / factor;
      int rh = h / factor;
      px = boxReduce(px, w, factor, rw, rh);
      w = rw;
      h = rh;
    }
    int[] horizontal = resample(px, w, h, size, true, filter);
    return planes(resample(horizontal, size, h, size, false, filter));
  }

  private float[] planes(int[] both) {
    float[] out = new float[3 * size * size];
    int plane = size * size;
    for (int i = 0; i < plane; i++) {
      int p = both[i];
      out[i] = (p >> 16) & 0xff;
      out[plane + i] = (p >> 8) & 0xff;
      out[2 * plane + i] = p & 0xff;
    }
    return out;
  }

  /** PIL's NEAREST: the source pixel under each output pixel's centre. */
  private int[] nearest(int[] px, int w, int h) {
    int[] out = new int[size * size];
    for (int y = 0; y < size; y++) {
      int sy = Math.min((int) ((y + 0.5) * h / size), h - 1);
      for (int x = 0; x < size; x++) {
        int sx = Math.min((int) ((x + 0.5) * w / size), w - 1);
        out[y * size + x] = px[sy * w + sx];
      }
    }
    return out;
  }

  /** Averages factor x factor blocks (the few right/bottom leftover pixels are dropped). */
  private static int[] boxReduce(int[] px, int w, int factor, int rw, int rh) {
    int[] out = new int[rw * rh];
    int n = factor * factor;
    for (int y = 0; y < rh; y++) {
      for (int x = 0; x < rw; x++) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int dy = 0; dy < factor; dy++) {
          int row = (y * factor + dy) * w + x * factor;
          for (int dx = 0; dx < factor; dx++) {
            int p = px[row + dx];
            r += (p >> 16) & 0xff;
            g += (p >> 8) & 0xff;
            b += p & 0xff;
          }
        }
        out[y * rw + x] = (r + n / 2) / n << 16 | (g + n / 2) / n << 8 | (b + n / 2) / n;
      }
    }
    return out;
  }

  /**
   * One Lanczos pass along x (horizontal) or y. {@code w, h} are the source dimensions;
   * the result is {@code out x h} or {@code w x out}.
   */
  private static int[] resample(int[] px, int w, int h, int out, boolean horizontal,
      Filter filter) {
    int in = horizontal ? w : h;
    Kernel k = new Kernel(in, out, filter == Filter.LANCZOS ? 3.0 : 1.0);
    int lines = horizontal ? h : w;
    int[] dst = new int[out * lines];
    for (int line = 0; line < lines; line++) {
      for (int o = 0; o < out; o++) {
        float r = 0;
        float g = 0;
        float b = 0;
        int start = k.start[o];
        float[] wt = k.weights[o];
        for (int t = 0; t < wt.length; t++) {
          int p = horizontal ? px[line * w + start + t] : px[(start + t) * w + line];
          r += wt[t] * ((p >> 16) & 0xff);
          g += wt[t] * ((p >> 8) & 0xff);
          b += wt[t] * (p & 0xff);
        }
        int v = clamp(r) << 16 | clamp(g) << 8 | clamp(b);
        dst[horizontal ? line * out + o : o * w + line] = v;
      }
    }
    return dst;
  }

  private static int clamp(float v) {
    int i = Math.round(v);
    return i < 0 ? 0 : Math.min(i, 255);
  }

  /** Normalised Lanczos-3 taps for each output sample, widened by the scale when shrinking. */
  private static final class Kernel {
    final int[] start;
    final float[][] weights;

    private final double radius;

    Kernel(int in, int out, double radius) {
      this.radius = radius;
      double scale = (double) in / out;
      double filterScale = Math.max(scale, 1.0);
      double support = radius * filterScale;
      start = new int[out];
      weights = new float[out][];
      for (int o = 0; o < out; o++) {
        double center = (o + 0.5) * scale;
        int lo = Math.max((int) (center - support + 0.5), 0);
        int hi = Math.min((int) (center + support + 0.5), in);
        double[] wt = new double[hi - lo];
        double sum = 0;
        for (int i = lo; i < hi; i++) {
          double x = (i - center + 0.5) / filterScale;
          wt[i - lo] = radius == 1.0 ? Math.max(0, 1 - Math.abs(x)) : lanczos(x);
          sum += wt[i - lo];
        }
        start[o] = lo;
        weights[o] = new float[wt.length];
        for (int i = 0; i < wt.length; i++) {
          weights[o][i] = (float) (sum == 0 ? 0 : wt[i] / sum);
        }
      }
    }

    private double lanczos(double x) {
      if (x == 0) {
        return 1;
      }
      if (x <= -radius || x >= radius) {
        return 0;
      }
      double px = Math.PI * x;
      return radius * Math.sin(px) * Math.sin(px / radius) / (px * px);
    }
  }
}
