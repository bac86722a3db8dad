// SPDX-License-Identifier: MIT
// `jitffi call`: a library named as a user types it, found as ctypes.util.find_library finds it
// on Linux, then loaded.
//
//   1. The name as given, through dlopen (a path, or a file name the dynamic linker finds:
//      libm.so.6).
//   2. If that names a GNU ld script (Debian's libm.so, libc.so: text that says GROUP ( … )
//      or INPUT ( … ) for the static linker), the first shared object it lists that loads.
//   3. For a bare name (m, libm, libm.so, not a path or a versioned file name): the ld.so cache
//      (`ldconfig -p`) entries lib<name>.so.* for this process's machine, then lib<name>.so in
//      the linker's directories (LD_LIBRARY_PATH, the cache's directories, the multiarch ones,
//      /lib, /usr/lib, …), an ld script followed.
// "For this process's machine": the file's ELF class, byte order and machine equal those of
// /proc/self/exe (the cache also lists /lib32's and other architectures' libraries).
#include <dlfcn.h>
#include <elf.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "tool_p.h"

namespace jitffi::tool {
namespace {

bool startsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

bool fileExists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// The identity of an ELF file: class, byte order, machine ("" when not ELF).
std::string elfIdentity(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  Elf64_Ehdr h{};  // the fields read are at the same offsets in Elf32_Ehdr
  if (!f.read(reinterpret_cast<char*>(&h), sizeof h.e_ident + sizeof h.e_type + sizeof h.e_machine)) return "";
  if (std::memcmp(h.e_ident, ELFMAG, SELFMAG) != 0) return "";
  return std::to_string(h.e_ident[EI_CLASS]) + "/" + std::to_string(h.e_ident[EI_DATA]) + "/" +
         std::to_string(h.e_machine);
}

bool forThisMachine(const std::string& path) {
  static const std::string self = elfIdentity("/proc/self/exe");
  return !self.empty() && elfIdentity(path) == self;
}

// The files a GNU ld script lists in GROUP ( … ) and INPUT ( … ), AS_NEEDED ( … ) lists
// excluded; empty when the file is not an ld script.
std::vector<std::string> ldScriptInputs(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::string text(4096, '\0');
  f.read(text.data(), std::streamsize(text.size()));
  text.resize(size_t(f.gcount()));
  if (text.empty() || startsWith(text, ELFMAG)) return {};
  // Comments out, parentheses and commas as separate tokens.
  for (size_t c = text.find("/*"); c != std::string::npos; c = text.find("/*", c)) {
    const size_t end = text.find("*/", c + 2);
    text.erase(c, end == std::string::npos ? std::string::npos : end + 2 - c);
  }
  std::string spaced;
  for (char ch : text) {
    if (ch == '(' || ch == ')') spaced += std::string(" ") + ch + " ";
    else spaced += ch == ',' ? ' ' : ch;
  }
  std::istringstream in(spaced);
  std::vector<std::string> tokens;
  for (std::string t; in >> t;) tokens.push_back(t);
  std::vector<std::string> out;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if ((tokens[i] != "GROUP" && tokens[i] != "INPUT") || tokens[i + 1] != "(") continue;
    int depth = 0;
    bool asNeeded = false;
    for (size_t j = i + 2; j < tokens.size(); ++j) {
      const std::string& t = tokens[j];
      if (t == "AS_NEEDED") {
        asNeeded = true;
      } else if (t == "(") {
        ++depth;
      } else if (t == ")") {
        if (depth == 0) break;
        if (--depth == 0) asNeeded = false;
      } else if (!asNeeded && !startsWith(t, "-l")) {
        out.push_back(t);
      }
    }
  }
  return out;
}

// The ld.so cache: (file name, path) for this machine, in the cache's order.
std::vector<std::pair<std::string, std::string>> ldCache() {
  std::vector<std::pair<std::string, std::string>> out;
  const char* ldconfig = fileExists("/sbin/ldconfig") ? "/sbin/ldconfig" : "/usr/sbin/ldconfig";
  const std::string cmd = std::string("LC_ALL=C ") + ldconfig + " -p 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char line[4096];
  while (std::fgets(line, sizeof line, p)) {
    // "\tlibm.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libm.so.6"
    std::istringstream in(line);
    std::string name, flags, arrow, path;
    if (!(in >> name >> flags >> arrow >> path) || arrow != "=>") continue;
    out.emplace_back(name, path);
  }
  pclose(p);
  return out;
}

std::string dirOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// "m" for m, libm, libm.so; "" for a path or a versioned file name (libm.so.6).
std::string bareName(const std::string& name) {
  if (name.find('/') != std::string::npos) return "";
  std::string b = startsWith(name, "lib") ? name.substr(3) : name;
  if (b.size() > 3 && b.compare(b.size() - 3, 3, ".so") == 0) b.resize(b.size() - 3);
  if (b.find(".so") != std::string::npos) return "";
  return b;
}

class Finder {
 public:
  explicit Finder(std::string name) : name_(std::move(name)) {}

  void* find() {
    if (void* h = load(name_)) return h;
    const std::string base = bareName(name_);
    std::vector<std::pair<std::string, std::string>> cache;
    if (name_.find('/') == std::string::npos) cache = ldCache();
    // The name itself as a file: a path, or a file in the linker's directories.
    std::string file = name_.find('/') != std::string::npos ? name_ : inDirs(name_, cache);
    if (!file.empty())
      if (void* h = followScript(file)) return h;
    if (base.empty()) return nullptr;
    const std::string lib = "lib" + base + ".so";
    for (const auto& [soname, path] : cache)
      if (startsWith(soname, lib + ".") && forThisMachine(path))
        if (void* h = load(path)) return h;
    file = inDirs(lib, cache);
    if (file.empty()) {
      tried_.push_back("no " + lib + ".* in the ld.so cache, no " + lib + " in the linker's directories");
      return nullptr;
    }
    if (void* h = followScript(file)) return h;
    if (forThisMachine(file)) return load(file);
    tried_.push_back(file + ": not a shared library for this machine");
    return nullptr;
  }

  std::string tried() const {
    std::string s;
    for (const std::string& t : tried_) s += (s.empty() ? "" : "; ") + t;
    return s;
  }

 private:
  void* load(const std::string& path) {
    if (!loaded_.insert(path).second) return nullptr;
    void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      const char* e = dlerror();
      tried_.push_back(e ? e : path + ": unknown error");
    }
    return h;
  }

  // An ld script's first shared object that loads.
  void* followScript(const std::string& file) {
    for (const std::string& input : ldScriptInputs(file)) {
      if (input.size() > 2 && input.compare(input.size() - 2, 2, ".a") == 0) continue;
      if (void* h = load(input)) return h;
    }
    return nullptr;
  }

  // The first of the linker's directories holding `file` as an ld script or a library for this
  // machine (the cache also lists other architectures' directories).
  static std::string inDirs(const std::string& file, const std::vector<std::pair<std::string, std::string>>& cache) {
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("LD_LIBRARY_PATH")) {
      std::istringstream in(env);
      for (std::string d; std::getline(in, d, ':');)
        if (!d.empty()) dirs.push_back(d);
    }
    for (const auto& entry : cache) dirs.push_back(dirOf(entry.second));
    // The dynamic linker's own directories: on Debian the multiarch ones of this machine first
    // (JITFFI_MULTIARCH: the build's library architecture, e.g. aarch64-linux-gnu).
    const std::string multiarch = JITFFI_MULTIARCH;
    if (!multiarch.empty()) {
      for (const char* d : {"/lib/", "/usr/lib/"}) dirs.push_back(d + multiarch);
    }
    for (const char* d : {"/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/local/lib"}) dirs.emplace_back(d);
    std::set<std::string> seen;
    for (const std::string& d : dirs) {
      if (!seen.insert(d).second) continue;
      const std::string path = d + "/" + file;
      if (fileExists(path) && (forThisMachine(path) || !ldScriptInputs(path).empty())) return path;
    }
    return "";
  }

  std::string name_;
  std::set<std::string> loaded_;
  std::vector<std::string> tried_;
};

}  // namespace

Result<void*> openLibrary(const std::string& name) {
  Finder f(name);
  if (void* h = f.find()) return h;
  return internal::fail(Status::kInvalidArgument, "cannot load library " + name + ": " + f.tried());
}

}  // namespace jitffi::tool
