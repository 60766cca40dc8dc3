# Compiles PROBE the way renofee_core compiles its sources (poison directory first) and checks the outcome:
# EXPECT=fail needs a failure that carries the poison header's message; EXPECT=pass needs success.
execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only -I${POISON} -I${INCLUDE} ${PROBE}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(EXPECT STREQUAL "fail")
  if(rc EQUAL 0)
    message(FATAL_ERROR "${PROBE} compiled, but core must reject it")
  endif()
  if(NOT err MATCHES "renofee core must not include")
    message(FATAL_ERROR "${PROBE} failed for another reason than the dependency rule:\n${err}")
  endif()
  message(STATUS "rejected as expected")
else()
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${PROBE} should compile under core's include path:\n${err}")
  endif()
endif()
