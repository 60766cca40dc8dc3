// fuzz/replay_main.cpp
//
// Purpose: replays a fuzz target's inputs without libFuzzer, so `make test` runs every committed corpus file
// and every regression input through the target's properties in the ordinary (gcc) Release build and under
// ASan+UBSan. Linked with one *_fuzz.cpp; registered as ctest `fuzz.replay.<target>` (fuzz/CMakeLists.txt).
//
// Usage: fuzz_replay_<target> DIR_OR_FILE...   Each directory's regular files are replayed in name order
// (sorted, so a failure reproduces in the same order); a path that does not exist is an error, as is finding
// no input at all. A violated property aborts (fuzz_check.hpp) and names the file being replayed.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs_of(const fs::path& path) {
  if (fs::is_regular_file(path)) return {path};
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(path)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t total = 0;
  for (int i = 1; i < argc; ++i) {
    const fs::path path(argv[i]);
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      std::fprintf(stderr, "%s: no such file or directory\n", argv[i]);
      return 2;
    }
    const std::vector<fs::path> files = inputs_of(path);
    for (const fs::path& file : files) {
      std::ifstream in(file, std::ios::binary);
      const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      if (!in && !in.eof()) {
        std::fprintf(stderr, "%s: read error\n", file.c_str());
        return 2;
      }
      std::fprintf(stderr, "replaying %s\n", file.c_str());
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    }
    std::printf("%s: %zu inputs replayed\n", argv[i], files.size());
    total += files.size();
  }
  if (total == 0) {
    std::fprintf(stderr, "no inputs to replay\n");
    return 2;
  }
  std::printf("all %zu inputs satisfied the target's properties\n", total);
  return 0;
}
