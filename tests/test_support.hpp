// Helpers shared by the unit tests.
#pragma once

#include <catch2/catch.hpp>
#include <string>

#include "sim/errors.hpp"

// Runs `expr` and returns the AWS error code it threw ("" when it threw nothing).
#define AWS_ERROR_CODE(expr)                          \
  ([&]() -> std::string {                             \
    try {                                             \
      (void)(expr);                                   \
    } catch (const ::ec2sim::ApiError& aws_error_) {  \
      return aws_error_.code();                       \
    }                                                 \
    return "";                                        \
  }())
