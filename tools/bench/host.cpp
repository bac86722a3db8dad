// SPDX-License-Identifier: MIT
// `jitffi bench`: facts about the machine and the build the report names.
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>

#include "bench_p.h"

namespace jitffi::tool::report {
namespace {

std::string firstLine(const std::string& path, const std::string& prefix = "") {
  std::ifstream f(path);
  std::string line;
  while (std::getline(f, line)) {
    if (prefix.empty()) return line;
    if (line.rfind(prefix, 0) == 0) {
      const size_t colon = line.find(':');
      std::string v = colon == std::string::npos ? line : line.substr(colon + 1);
      while (!v.empty() && v.front() == ' ') v.erase(v.begin());
      return v;
    }
  }
  return "";
}

std::string utcNow() {
  const time_t t = time(nullptr);
  tm g;
  gmtime_r(&t, &g);
  char b[64];
  std::strftime(b, sizeof b, "%Y-%m-%d %H:%M UTC", &g);
  return b;
}

std::string systemLibffi() {
#if defined(JITFFI_SYSTEM_LIBFFI)
  std::string p = JITFFI_SYSTEM_LIBFFI;
  char buf[4096];
  if (realpath(p.c_str(), buf)) {
    const std::string real = buf;
    if (real != p) p += " → " + real.substr(real.rfind('/') + 1);
  }
  return p;
#else
  return "libffi.so.8";
#endif
}

}  // namespace

std::string loadAverage() {
  std::string l = firstLine("/proc/loadavg");
  // The first three fields.
  size_t pos = 0;
  for (int i = 0; i < 3 && pos != std::string::npos; ++i) pos = l.find(' ', pos + 1);
  return pos == std::string::npos ? (l.empty() ? "?" : l) : l.substr(0, pos);
}

std::string commandOutput(const std::string& cmd) {
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[256];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    pclose(p);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string shellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  return q + "'";
}

std::pair<std::string, std::string> splitKeyValue(const std::string& line) {
  const size_t sp = line.find(' ');
  if (sp == std::string::npos) return {line, ""};
  return {line.substr(0, sp), line.substr(sp + 1)};
}

RunInfo hostFacts() {
  RunInfo info;
  info.date = utcNow();
  info.cpu = firstLine("/proc/cpuinfo", "model name");
  if (info.cpu.empty()) {
    utsname u;
    info.cpu = uname(&u) == 0 ? u.machine : "?";
  }
  info.cpus = unsigned(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
  info.libffi = systemLibffi();
#if defined(JITFFI_BUILD_TYPE)
  info.buildType = JITFFI_BUILD_TYPE;
#endif
  if (info.buildType.empty()) info.buildType = "?";
#if defined(__clang__)
  info.compiler = std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
  info.compiler = std::string("gcc ") + __VERSION__;
#else
  info.compiler = "?";
#endif
#if !defined(__OPTIMIZE__)
  info.buildType += ", NOT OPTIMIZED: the figures mean little";
#endif
  return info;
}

}  // namespace jitffi::tool::report
