// Poison header: renofee_core is on this include path ahead of the system headers, so any include of libpq-fe.h,
// directly or through a Poco/SOCI/database header, stops the build (architecture.md: the core is pure; only
// adapters may use Poco, SOCI or database client libraries).
#error "renofee core must not include Poco, SOCI or database headers (libpq-fe.h): move this code to an adapter"
