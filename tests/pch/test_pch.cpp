// The target that compiles the test suite's precompiled header once (tests/CMakeLists.txt,
// renofee_test_pch); every test executable reuses it. Nothing else lives here.
