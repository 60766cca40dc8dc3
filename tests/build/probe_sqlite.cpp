// A core source that reaches for SQLite directly: must not compile (build.core_purity.sqlite).
#include <sqlite3.h>
int main() {
  return 0;
}
