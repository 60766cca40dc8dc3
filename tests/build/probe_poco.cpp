// A core source that reaches for Poco: must not compile (tests/CMakeLists.txt, build.core_purity.poco).
#include <Poco/JSON/Object.h>
int main() {
  return 0;
}
