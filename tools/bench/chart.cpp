// SPDX-License-Identifier: MIT
// `jitffi bench`: the SVG chart. One line per panel: wall time on the left, the same rows in
// callgrind instructions on the right when counted; then, when counted, another architecture's
// instructions per call under qemu (AArch64, RISC-V 64), calls on the left and closures on the
// right; log scales.
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "bench_p.h"

namespace jitffi::tool::report {
namespace {

using CM = jb::ClosureMethod;
using jb::Method;

// The series of every panel, in drawing order: what each plots in a call panel and in a closure
// panel. The red figure of a row is libffi over jitffi through the same API (kLibffiSeries over
// kApiSeries): ffi_call over ffi_call, libffi's closure over jitffi's ffi_closure.
struct Series {
  const char* name;
  const char* color;
  Method call;
  CM closure;
};
constexpr Series kSeriesList[kSeries] = {
    {"direct C call", "#8d939c", Method::kDirect, CM::kDirect},
    {"jitffi ffi_call / ffi_closure", "#7b4fc9", Method::kFfiCallJ, CM::kCapi},
    {"jitffi, avalues shape", "#2f6fdb", Method::kAvalues, CM::kRawAvalues},
    {"jitffi, slots shape", "#1f9e6e", Method::kSlots, CM::kRawSlots},
    {"libffi", "#e0562b", Method::kFfiCallS, CM::kLibffi},
};
constexpr int kApiSeries = 1, kLibffiSeries = 4;

std::string xmlEscape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '&') o += "&amp;";
    else if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '"') o += "&quot;";
    else o += c;
  }
  return o;
}

// Lines of at most `width` characters (about 6.2 px each in the 12 px font), broken at spaces.
std::vector<std::string> wrapLines(const std::vector<std::string>& text, size_t width) {
  std::vector<std::string> out;
  for (const std::string& t : text) {
    std::string line;
    size_t start = 0;
    while (start < t.size()) {
      size_t end = t.find(' ', start);
      if (end == std::string::npos) end = t.size();
      const std::string word = t.substr(start, end - start);
      if (!line.empty() && line.size() + 1 + word.size() > width) {
        out.push_back(line);
        line.clear();
      }
      line += (line.empty() ? "" : " ") + word;
      start = end + 1;
    }
    out.push_back(line);
  }
  return out;
}

// A signature for a chart row: runs of one argument type shortened, "i64(i64×12)".
std::string shortSignature(const std::string& text) {
  const size_t open = text.find('('), close = text.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return text;
  std::vector<std::string> args;
  int depth = 0;
  std::string cur;
  for (size_t i = open + 1; i < close; ++i) {
    const char c = text[i];
    if (c == '{') ++depth;
    if (c == '}') --depth;
    if (c == ',' && depth == 0) {
      args.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) args.push_back(cur);
  std::string out = text.substr(0, open + 1);
  for (size_t i = 0; i < args.size();) {
    size_t j = i;
    while (j < args.size() && args[j] == args[i]) ++j;
    if (i) out += ",";
    out += args[i];
    if (j - i > 2) out += "×" + std::to_string(j - i);
    else if (j - i == 2) out += "," + args[i];
    i = j;
  }
  return out + ")";
}

std::string tickLabel(double v) {
  char b[32];
  if (v >= 1000) std::snprintf(b, sizeof b, "%gk", v / 1000);
  else std::snprintf(b, sizeof b, "%g", v);
  return b;
}

// 1-2-5 ticks.
double tickBelow(double v) {
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {5.0, 2.0, 1.0})
    if (m * p <= v * (1 + 1e-9)) return m * p;
  return p / 2;
}
double tickAbove(double v) {
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= v * (1 - 1e-9)) return m * p;
  return 10 * p;
}

constexpr double kPanelW = 500;   // whole panel width
constexpr double kPlotX = 16;     // plot area start within the panel
constexpr double kPlotW = 400;    // plot area width (value labels may run past it)
constexpr double kBarH = 11, kBarGap = 2, kRowHead = 17, kRowGap = 9;

double panelHeight(const ChartPanel& p) {
  return 26 + double(p.rows.size()) * (kRowHead + kSeries * (kBarH + kBarGap) + kRowGap) + 34;
}

void drawPanel(std::string& o, const ChartPanel& p, double px, double py) {
  double lo = INFINITY, hi = 0;
  for (const ChartRow& r : p.rows)
    for (double v : r.v)
      if (std::isfinite(v) && v > 0) lo = std::min(lo, v), hi = std::max(hi, v);
  const double h = panelHeight(p);
  appendf(o, "<g transform=\"translate(%.1f,%.1f)\">\n", px, py);
  appendf(o, "<text x=\"%.1f\" y=\"16\" class=\"ptitle\">%s</text>\n", kPlotX, xmlEscape(p.title).c_str());
  if (!(hi > 0)) {
    appendf(o, "<text x=\"%.1f\" y=\"44\" class=\"note\">nothing measured</text>\n</g>\n", kPlotX);
    return;
  }
  lo = tickBelow(lo / 2);
  hi = tickAbove(hi * 1.15);
  const double l0 = std::log10(lo), l1 = std::log10(hi);
  auto X = [&](double v) { return kPlotX + kPlotW * (std::log10(v) - l0) / (l1 - l0); };
  const double top = 26, bottom = h - 34;
  // Grid and ticks: 1-2-5, labels on all when the range is short, else on powers of ten.
  const bool dense = l1 - l0 <= 3.5;
  for (double dec = std::pow(10.0, std::floor(l0)); dec <= hi * 1.0001; dec *= 10) {
    for (double m : {1.0, 2.0, 5.0}) {
      const double t = dec * m;
      if (t < lo * 0.9999 || t > hi * 1.0001) continue;
      const double x = X(t);
      appendf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"%s\"/>\n", x, top, x,
              bottom, m == 1.0 ? "grid1" : "grid");
      if (dense || m == 1.0)
        appendf(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\">%s</text>\n", x, bottom + 13,
                tickLabel(t).c_str());
    }
  }
  appendf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>\n", kPlotX, bottom,
          kPlotX + kPlotW, bottom);
  appendf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>\n", kPlotX, top,
          kPlotX, bottom);
  appendf(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"axistitle\">%s</text>\n", kPlotX + kPlotW / 2,
          bottom + 28, xmlEscape(p.axis).c_str());

  double y = top + 4;
  for (const ChartRow& r : p.rows) {
    appendf(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"rtitle\">%s</text>\n", kPlotX + 4, y + 12,
            xmlEscape(r.title).c_str());
    if (!r.ratio.empty())
      appendf(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"ratio\">%s</text>\n", kPanelW - 6, y + 12,
              xmlEscape(r.ratio).c_str());
    y += kRowHead;
    for (int s = 0; s < kSeries; ++s) {
      const double v = r.v[s];
      if (std::isfinite(v) && v > 0) {
        const double w = std::max(1.0, X(v) - kPlotX);
        appendf(o,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                "<title>%s: %s%s</title></rect>\n",
                kPlotX, y, w, kBarH, kSeriesList[s].color, kSeriesList[s].name,
                p.unit.empty() ? instr::formatCount(v).c_str() : fmtNs(v).c_str(), p.unit.c_str());
        appendf(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"val\">%s</text>\n", kPlotX + w + 4, y + kBarH - 2,
                p.unit.empty() ? instr::formatCount(v).c_str() : fmtNs(v).c_str());
      } else if (!r.note[s].empty()) {
        appendf(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"%s\">%s: %s</text>\n", kPlotX + 4, y + kBarH - 2,
                r.note[s] == "FAIL" ? "fail" : "note", kSeriesList[s].name, r.note[s].c_str());
      }
      y += kBarH + kBarGap;
    }
    y += kRowGap;
  }
  appendf(o, "</g>\n");
}

}  // namespace

std::string chartSvg(const Run& r, const std::vector<ChartLine>& lines) {
  bool two = false, win64 = false, callgrind = false;
  std::vector<Abi> cross;  // the other architectures' lines (instruction panels only)
  for (const ChartLine& l : lines) {
    two = two || l.right;
    win64 = win64 || l.left.abi == Abi::kWin64;
    callgrind = callgrind || (l.right && l.left.unit == " ns");
    if (archOf(l.left.abi) != archOf(kHostAbi)) cross.push_back(l.left.abi);
  }
  std::string subtitle = "Median wall time";
  if (callgrind) subtitle += " (left) and callgrind instruction counts (right)";
  subtitle += " per call, all measured in the same run. Lower is better; log scales.";
  const RunInfo& info = r.info;
  const std::string footer = info.date + " · " + info.cpu + " · jitffi " + kVersion + " (" +
                             info.buildType + ") · libffi: " + info.libffi + " · median of " +
                             std::to_string(r.settings.reps) + " repetitions" +
                             (r.settings.quick ? " (--quick)" : "");
  const double margin = 20;
  const double width = margin * 2 + kPanelW * (two ? 2 : 1) + (two ? 30 : 0);
  // The legend, in as many lines as the width needs, then the lines saying what is plotted.
  struct Placed {
    double x, y;
  };
  std::vector<Placed> legend;
  double lx = margin, ly = 64;
  for (const Series& se : kSeriesList) {
    const double w = 20 + 7.2 * double(std::strlen(se.name)) + 26;
    if (lx > margin && lx + w - 26 > width - margin) lx = margin, ly += 20;
    legend.push_back({lx, ly});
    lx += w;
  }
  std::vector<std::string> notes = {
      "Calls: jitffi's ffi_call (libffi's API: the drop-in's path), CallInterface::call (avalues) "
      "and callSlots (slots) against libffi's ffi_call.",
      "Closures: jitffi's ffi_closure (libffi's API), a RawClosure with an avalues or a slots "
      "handler, against a libffi closure.",
      "Direct: the same C function called through a function pointer (the floor). Red figures: "
      "libffi's time (or instructions) over jitffi's through the same API (ffi_call, ffi_closure)."};
  if (win64)
    notes.push_back("Win64 panels: the same with the Microsoft x64 convention (gcc ms_abi callees "
                    "and callers; jitffi Abi::kWin64; libffi FFI_WIN64).");
  for (Abi abi : cross)
    notes.push_back(std::string(instr::conventionTitle(abi)) + " panels: instructions per call of the same calls " +
                    "and closures in an " + std::string(archName(archOf(abi))) +
                    " cross build, counted under qemu-user (calls left, closures right).");
  notes = wrapLines(notes, size_t((width - 2 * margin) / 6.2));
  const double notesY = ly + 36;
  const double headH = notesY + 16 * double(notes.size() - 1) + 12;
  double bodyH = 0;
  for (const ChartLine& l : lines) {
    double hgt = panelHeight(l.left);
    if (l.right) hgt = std::max(hgt, panelHeight(*l.right));
    bodyH += hgt + 12;
  }
  const double height = headH + bodyH + 30;
  std::string o;
  appendf(o,
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f "
          "%.0f\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n",
          width, height, width, height);
  appendf(o,
          "<style>\n"
          ".title{font-size:19px;font-weight:bold;fill:#1d2330}\n"
          ".sub{font-size:12px;fill:#4a5160}\n"
          ".ptitle{font-size:14px;font-weight:bold;fill:#1d2330}\n"
          ".rtitle{font-size:11.5px;fill:#1d2330;font-family:DejaVu Sans Mono, Menlo, Consolas, monospace}\n"
          ".ratio{font-size:11.5px;fill:#b2401b;text-anchor:end;font-weight:bold}\n"
          ".val{font-size:10px;fill:#333a46}\n"
          ".tick{font-size:10px;fill:#5c6370;text-anchor:middle}\n"
          ".axistitle{font-size:11px;fill:#4a5160;text-anchor:middle}\n"
          ".legend{font-size:12px;fill:#1d2330}\n"
          ".note{font-size:10px;fill:#7a808a}\n"
          ".fail{font-size:10px;fill:#c0152f;font-weight:bold}\n"
          ".foot{font-size:10px;fill:#7a808a}\n"
          ".grid{stroke:#eceef2;stroke-width:1}\n"
          ".grid1{stroke:#d5d9e0;stroke-width:1}\n"
          ".axis{stroke:#9aa0aa;stroke-width:1}\n"
          "</style>\n");
  appendf(o, "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
  appendf(o, "<text x=\"%.0f\" y=\"30\" class=\"title\">%s</text>\n", margin,
          "jitffi benchmark: the cost of one call");
  appendf(o, "<text x=\"%.0f\" y=\"50\" class=\"sub\">%s</text>\n", margin, xmlEscape(subtitle).c_str());
  for (int s = 0; s < kSeries; ++s) {
    appendf(o, "<rect x=\"%.1f\" y=\"%.0f\" width=\"14\" height=\"14\" rx=\"2\" fill=\"%s\"/>\n",
            legend[s].x, legend[s].y, kSeriesList[s].color);
    appendf(o, "<text x=\"%.1f\" y=\"%.0f\" class=\"legend\">%s</text>\n", legend[s].x + 20,
            legend[s].y + 12, kSeriesList[s].name);
  }
  for (size_t i = 0; i < notes.size(); ++i)
    appendf(o, "<text x=\"%.0f\" y=\"%.0f\" class=\"sub\">%s</text>\n", margin,
            notesY + 16 * double(i), xmlEscape(notes[i]).c_str());
  double y = headH;
  for (const ChartLine& l : lines) {
    drawPanel(o, l.left, margin, y);
    double hgt = panelHeight(l.left);
    if (l.right) {
      drawPanel(o, *l.right, margin + kPanelW + 30, y);
      hgt = std::max(hgt, panelHeight(*l.right));
    }
    y += hgt + 12;
  }
  appendf(o, "<text x=\"%.0f\" y=\"%.0f\" class=\"foot\">%s</text>\n", margin, height - 12,
          xmlEscape(footer).c_str());
  appendf(o, "</svg>\n");
  return o;
}


namespace {

// The red figure: libffi over jitffi through libffi's API.
void setRatio(ChartRow& row) {
  const double l = row.v[kLibffiSeries], j = row.v[kApiSeries];
  if (!std::isfinite(l) || !std::isfinite(j) || j <= 0) return;
  char buf[64];
  std::snprintf(buf, sizeof buf, "libffi/jitffi %.1f×", l / j);
  row.ratio = buf;
}

// A chart row's title: "e  i64(i32,f64,…)".
std::string rowTitle(char sig, const std::string& sigText) {
  return std::string(1, sig) + "  " + shortSignature(sigText);
}

// An empty instruction panel of a convention's calls or closures.
ChartPanel emptyCountPanel(const instr::Counts& c, Abi abi, bool closures) {
  const std::string title = instr::conventionTitle(abi);
  const std::string tag = title.empty() ? "" : ", " + title;
  const bool qemu = c.counter == instr::Counter::kQemu;
  ChartPanel p;
  p.title = closures ? "Closures called from C" + tag + ": instructions per call"
                     : "Calls" + tag + ": instructions per call";
  p.axis = std::string("instructions per call, ") + (qemu ? "qemu" : "callgrind") + " (log scale)";
  p.abi = abi;
  p.closures = closures;
  return p;
}

// A row of instruction counts; false when nothing in it was counted.
bool countRow(const instr::Counts& c, Abi abi, bool closures, char sig, ChartRow& row) {
  bool any = false;
  for (int s = 0; s < kSeries; ++s) {
    const Series& se = kSeriesList[s];
    row.v[s] = closures ? c.perCall(sig, se.closure, abi) : c.perCall(sig, se.call, abi);
    any = any || !std::isnan(row.v[s]);
  }
  setRatio(row);
  return any;
}

// The same panel in instructions (callgrind), row for row.
ChartPanel countPanel(const ChartPanel& w, const instr::Counts& c) {
  ChartPanel p = emptyCountPanel(c, w.abi, w.closures);
  for (const ChartRow& wr : w.rows) {
    ChartRow row;
    row.title = wr.title;
    (void)countRow(c, w.abi, w.closures, wr.title[0], row);
    for (int s = 0; s < kSeries; ++s)
      if (std::isnan(row.v[s]) && !wr.note[s].empty()) row.note[s] = wr.note[s];
    p.rows.push_back(std::move(row));
  }
  return p;
}

// A wall-time panel of one convention's calls or closures, and its instruction twin.
void addLine(const Run& r, Abi abi, bool closures, std::vector<ChartLine>& out) {
  const std::string tag = abi == Abi::kWin64 ? ", Win64" : "";
  ChartPanel wall;
  wall.title = (closures ? "Closures called from C" : "Calls") + tag + ": wall time per call";
  wall.axis = "ns per call, median (log scale)";
  wall.unit = " ns";
  wall.abi = abi;
  wall.closures = closures;
  auto addRow = [&](char sig, const std::string& sigText, const std::string& prefix, auto methodOf) {
    ChartRow row;
    row.title = rowTitle(sig, sigText);
    bool any = false;
    for (int s = 0; s < kSeries; ++s) {
      const Measurement* m = r.measurements.find(prefix + methodOf(kSeriesList[s]));
      if (!m) continue;
      any = true;
      if (m->state == State::kOk) row.v[s] = m->median;
      else row.note[s] = m->state == State::kFailed ? "FAIL" : "n/a";
    }
    if (!any) return;
    setRatio(row);
    wall.rows.push_back(std::move(row));
  };
  const std::string pre = jb::abiPrefix(abi);
  if (closures) {
    for (const jb::ClosureCase& c : jb::closureCases(abi))
      addRow(c.name, c.call->text, pre + "closure/" + c.name + "/",
             [](const Series& s) { return jb::closureMethodName(s.closure); });
  } else {
    for (const jb::Case& c : jb::cases(abi))
      addRow(c.name, c.text, pre + "call/" + c.name + "/", [](const Series& s) { return jb::methodName(s.call); });
  }
  if (wall.rows.empty()) return;
  ChartLine l;
  if (r.instr.state == InstrRun::State::kDone) l.right = countPanel(wall, r.instr.counts);
  l.left = std::move(wall);
  out.push_back(std::move(l));
}

}  // namespace

void conventionPanels(const Run& r, Abi abi, std::vector<ChartLine>& out) {
  addLine(r, abi, false, out);
  addLine(r, abi, true, out);
}

void countPanels(const instr::Counts& c, Abi abi, std::vector<ChartLine>& out) {
  ChartPanel calls = emptyCountPanel(c, abi, false), closures = emptyCountPanel(c, abi, true);
  for (const jb::Case& cs : jb::cases(abi)) {
    ChartRow row;
    row.title = rowTitle(cs.name, cs.text);
    if (countRow(c, abi, false, cs.name, row)) calls.rows.push_back(std::move(row));
  }
  for (const jb::ClosureCase& cs : jb::closureCases(abi)) {
    ChartRow row;
    row.title = rowTitle(cs.name, cs.call->text);
    if (countRow(c, abi, true, cs.name, row)) closures.rows.push_back(std::move(row));
  }
  if (calls.rows.empty() && closures.rows.empty()) return;
  out.push_back({std::move(calls), std::move(closures)});
}

}  // namespace jitffi::tool::report
