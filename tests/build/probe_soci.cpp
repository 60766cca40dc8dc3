// A core source that reaches for SOCI: must not compile (build.core_purity.soci).
#include <soci/soci.h>
int main() {
  return 0;
}
