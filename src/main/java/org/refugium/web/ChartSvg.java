package org.refugium.web;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Bar charts as inline SVG, drawn on the server (no chart library to ship): one group of bars per
 * label, one bar per series, a y-axis with the maximum, and a tooltip per bar. Sized by its viewBox, so it
 * scales to the column it sits in.
 */
public final class ChartSvg {

  private static final int WIDTH = 640;
  private static final int HEIGHT = 220;
  private static final int LEFT = 44;
  private static final int BOTTOM = 24;
  private static final int TOP = 10;

  /** A named series of values, one per label; {@code cssClass} gives its colour. */
  public record Series(String name, String cssClass, long[] values) {}

  private ChartSvg() {}

  /**
   * @param tooltip (label index, series) → text of the bar's tooltip
   * @param labelEvery print every n-th x label (long year ranges)
   */
  public static String bars(String ariaLabel, List<String> labels, List<Series> series, int labelEvery,
      BiFunction<Integer, Series, String> tooltip) {
    long max = 0;
    for (Series s : series) {
      for (long v : s.values()) {
        max = Math.max(max, v);
      }
    }
    long top = niceCeiling(max);
    double plotW = WIDTH - LEFT - 8;
    double plotH = HEIGHT - TOP - BOTTOM;
    double groupW = plotW / Math.max(1, labels.size());
    double barW = Math.min(36, Math.max(1, (groupW * 0.8) / series.size()));
    StringBuilder sb = new StringBuilder(4096);
    sb.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ')
        .append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(Html.escape(ariaLabel)).append("\">");
    // horizontal guides at 0, half and the top
    int steps = top % 2 == 0 ? 2 : 1; // guides at round values only: 0, half, top (or 0 and top for 1)
    for (int i = 0; i <= steps; i++) {
      double y = TOP + plotH - plotH * i / steps;
      sb.append("<line class=\"guide\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - 8).append("\" y1=\"")
          .append(MapSvg.f(y)).append("\" y2=\"").append(MapSvg.f(y)).append("\"/>");
      sb.append("<text class=\"axis\" x=\"").append(LEFT - 6).append("\" y=\"").append(MapSvg.f(y + 4))
          .append("\" text-anchor=\"end\">").append(top * i / steps).append("</text>");
    }
    for (int i = 0; i < labels.size(); i++) {
      double x0 = LEFT + i * groupW + (groupW - barW * series.size()) / 2;
      for (int s = 0; s < series.size(); s++) {
        Series ser = series.get(s);
        long v = ser.values()[i];
        double h = top == 0 ? 0 : plotH * v / top;
        double x = x0 + s * barW;
        sb.append("<rect class=\"bar ").append(Html.escape(ser.cssClass())).append("\" x=\"").append(MapSvg.f(x))
            .append("\" y=\"").append(MapSvg.f(TOP + plotH - h)).append("\" width=\"").append(MapSvg.f(barW * 0.92))
            .append("\" height=\"").append(MapSvg.f(Math.max(h, v > 0 ? 1 : 0))).append("\"><title>")
            .append(Html.escape(tooltip.apply(i, ser))).append("</title></rect>");
      }
      if (i % labelEvery == 0) {
        sb.append("<text class=\"axis\" x=\"").append(MapSvg.f(LEFT + i * groupW + groupW / 2)).append("\" y=\"")
            .append(HEIGHT - 6).append("\" text-anchor=\"middle\">").append(Html.escape(labels.get(i))).append("</text>");
      }
    }
    sb.append("</svg>");
    return sb.toString();
  }

  /** 0, 1, 2, 5, 10, 20, 50, ... at or above {@code v}, so the axis reads in round numbers. */
  static long niceCeiling(long v) {
    if (v <= 0) {
      return 0;
    }
    long p = 1;
    while (true) {
      for (long m : new long[] {1, 2, 5}) {
        if (m * p >= v) {
          return m * p;
        }
      }
      p *= 10;
    }
  }
}
