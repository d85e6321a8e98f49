# Sanitizer and fuzzing builds. Each goes into a build directory of its own
# (scripts/build.sh --sanitize makes build-sanitize/ with clang), so the Release build and
# its measurements never carry their cost.
#
# EC2SIM_SANITIZE: AddressSanitizer + UndefinedBehaviorSanitizer (LeakSanitizer comes with
# ASan) over everything, the test suites included; any finding aborts, so a test fails.
# EC2SIM_FUZZ: the libFuzzer targets in tests/fuzz (clang only); the code under test is
# instrumented for coverage so the fuzzer can steer.
option(EC2SIM_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(EC2SIM_FUZZ "Build the libFuzzer targets (needs clang)" OFF)

if(EC2SIM_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -O1 -g)
  add_link_options(-fsanitize=address,undefined)
endif()

if(EC2SIM_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "EC2SIM_FUZZ needs clang (libFuzzer): configure with CXX=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# With clang, the lock rules written on members (sim/thread_safety.hpp) are checked, and a
# broken one fails the build.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  add_compile_options(-Wthread-safety -Werror=thread-safety)
endif()
