// SPDX-License-Identifier: MIT
// `jitffi bench`: the wall-time runner. Per measurement a calibrated iteration count, several
// repetitions interleaved with the other measurements of its group (so the methods compared with
// each other run close together in time), the median ns per call.
#include <sys/resource.h>
#include <time.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "bench_p.h"
#include "jitffi/debug.h"

namespace jitffi::tool::report {

double monoNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return double(ts.tv_sec) * 1e9 + double(ts.tv_nsec);
}

double threadCpuNs() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e9 + double(ts.tv_nsec);
}

double memoryInUse() {
#if defined(__GLIBC__)
  return double(mallinfo2().uordblks) + double(jitffi::memoryInUse().used);
#else
  return NAN;
#endif
}

long threadPageFaults() {
  // getrusage is POSIX; a thread's own count (RUSAGE_THREAD) is Linux's.
#if defined(RUSAGE_THREAD)
  constexpr int kWho = RUSAGE_THREAD;
#else
  constexpr int kWho = RUSAGE_SELF;
#endif
  rusage u;
  if (getrusage(kWho, &u) != 0) return 0;
  return u.ru_minflt + u.ru_majflt;
}

double percentileOf(std::vector<double> v, double p) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const size_t rank = size_t(std::ceil(p / 100 * double(v.size())));
  return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

double medianOf(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void Measurements::addGroup(std::vector<Measurement> group) {
  std::vector<Measurement*> g;
  for (Measurement& m : group) {
    if (!select_(m.name)) continue;
    all_.push_back(std::move(m));
    g.push_back(&all_.back());
  }
  if (g.empty()) return;
  for (Measurement* m : g) byName_[m->name] = m;
  groups_.push_back(std::move(g));
}

void Measurements::number() {
  int i = 0;
  for (Measurement& m : all_) m.index = ++i;
}

namespace {

// One line, rewritten in place, only when stderr is a terminal (a CI log gets nothing).
class ProgressLine {
 public:
  explicit ProgressLine(bool on) : on_(on) {}
  bool on() const { return on_; }

  void show(const std::string& text, bool force = false) {
    if (!on_) return;
    const double now = monoNs();
    if (!force && now - last_ < 50e6) return;  // at most 20 updates a second
    last_ = now;
    std::fprintf(stderr, "\r\033[K%s", text.c_str());
    std::fflush(stderr);
    shown_ = true;
  }
  void clear() {
    if (!on_ || !shown_) return;
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    shown_ = false;
  }

 private:
  bool on_;
  bool shown_ = false;
  double last_ = -1e18;
};

class Timer {
 public:
  Timer(const Settings& s, size_t total, bool progress) : s_(s), total_(total), progress_(progress) {}

  // Gets the CPU out of any idle state before the first measurement.
  void warmUp() {
    const double until = monoNs() + (s_.quick ? 20e6 : 200e6);
    volatile uint64_t x = 0;
    while (monoNs() < until)
      for (int i = 0; i < 10000; ++i) x = x + 1;
  }

  void runGroup(std::vector<Measurement*>& g) {
    // Check every method against the direct call, then calibrate each.
    for (Measurement* m : g) {
      if (m->state != State::kOk) continue;
      showProgress(*m, "(checking, calibrating)", true);
      if (m->batch) {
        m->iterations = s_.missBatch;
        continue;
      }
      const std::string err = m->verify();
      if (!err.empty()) {
        m->state = State::kFailed;
        m->message = err;
        continue;
      }
      m->iterations = calibrate(*m);
    }
    // Repetitions, interleaved: every method of the group once per round, the starting method
    // rotating from round to round.
    const size_t n = g.size();
    for (int r = 0; r < s_.reps; ++r) {
      for (size_t k = 0; k < n; ++k) {
        Measurement& m = *g[(k + size_t(r)) % n];
        if (m.state != State::kOk) continue;
        char what[48];
        std::snprintf(what, sizeof what, "(repetition %d/%d)", r + 1, s_.reps);
        showProgress(m, what);
        sample(m);
      }
    }
    for (Measurement* m : g) {
      if (m->state != State::kOk || m->samples.empty()) continue;
      m->median = medianOf(m->samples);
      m->wallMedian = medianOf(m->real);
      m->cpuMedian = medianOf(m->cpu);
      m->min = *std::min_element(m->samples.begin(), m->samples.end());
      m->max = *std::max_element(m->samples.begin(), m->samples.end());
    }
  }

  void done() { progress_.clear(); }

 private:
  void showProgress(const Measurement& m, const char* what, bool force = false) {
    if (!progress_.on()) return;
    std::string t;
    appendf(t, "[%d/%zu] %s %s", m.index, total_, m.name.c_str(), what);
    progress_.show(t, force);
  }

  uint64_t calibrate(const Measurement& m) {
    uint64_t n = 1;
    for (;;) {
      // Thread CPU time: not lengthened by other processes taking the CPU.
      const double c0 = threadCpuNs(), t0 = monoNs();
      m.runner(m.ctx, n);
      const double c = threadCpuNs() - c0, t = c > 0 ? c : monoNs() - t0;
      if (t >= s_.repNs / 4 || n >= (uint64_t(1) << 36)) {
        const double perCall = std::max(t / double(n), 0.01);
        return std::max<uint64_t>(1, uint64_t(s_.repNs / perCall));
      }
      n *= t < s_.repNs / 64 ? 8 : 2;
    }
  }

  // One repetition. A repetition during which the thread was descheduled for more than 5% of
  // the time (thread CPU time < 95% of wall time: another process had the CPU) is taken again,
  // up to kAttempts runs in all, keeping the least disturbed one. If even that one was
  // disturbed, its wall time says how busy the machine was, not what a call costs: its thread
  // CPU time stands in for it.
  void sample(Measurement& m) {
    double bestReal = NAN, bestCpu = NAN, bestShare = -1;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
      double real = 0, cpu = 0;
      if (m.batch) {
        if (!m.batch(m, s_.missBatch, real, cpu)) {
          m.state = State::kFailed;
          return;
        }
      } else {
        const double c0 = threadCpuNs(), t0 = monoNs();
        m.runner(m.ctx, m.iterations);
        const double t1 = monoNs(), c1 = threadCpuNs();
        real = (t1 - t0) / double(m.iterations);
        cpu = (c1 - c0) / double(m.iterations);
      }
      const double share = real > 0 ? cpu / real : 1;
      if (share > bestShare) bestReal = real, bestCpu = cpu, bestShare = share;
      if (share >= 0.95) break;
      if (attempt == 0) ++m.retaken;
      ++m.extraRuns;
    }
    m.real.push_back(bestReal);
    m.cpu.push_back(bestCpu);
    if (bestShare >= 0.95) {
      m.samples.push_back(bestReal);
    } else {
      m.samples.push_back(bestCpu);
      ++m.cpuFallbacks;
    }
  }

  const Settings& s_;
  size_t total_;
  ProgressLine progress_;
};

}  // namespace

void timeAll(Measurements& list, const Settings& s, bool progress) {
  Timer t(s, list.size(), progress);
  t.warmUp();
  for (std::vector<Measurement*>& g : list.groups()) t.runGroup(g);
  t.done();
}

}  // namespace jitffi::tool::report
