#include "api/json_protocol.hpp"

#include <algorithm>
#include <cctype>

#include "sim/ssm_parameters.hpp"

namespace ec2sim::api {
namespace {

struct Known {
  std::string_view target;
  JsonOperation run;
};

// The operations ec2sim answers, by X-Amz-Target.
constexpr Known kJsonOperations[] = {
    {"AmazonSSM.GetParameter", &sim::ssm_get_parameter},
    {"AmazonSSM.GetParameters", &sim::ssm_get_parameters},
    {"AmazonSSM.GetParametersByPath", &sim::ssm_get_parameters_by_path},
};

}  // namespace

JsonTarget json_target(std::string_view header) {
  JsonTarget target;
  const auto dot = header.find('.');
  const std::string_view prefix = header.substr(0, dot);
  target.operation = dot == std::string_view::npos ? "" : std::string(header.substr(dot + 1));
  if (prefix == "AmazonSSM") {
    target.service = "ssm";
  } else {  // e.g. DynamoDB_20120810 -> dynamodb
    target.service = std::string(prefix.substr(0, prefix.find('_')));
    std::transform(target.service.begin(), target.service.end(), target.service.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
  for (const auto& known : kJsonOperations)
    if (known.target == header) target.run = known.run;
  return target;
}

std::string unanswered(const JsonTarget& target) {
  if (target.service == "ssm")
    return "ec2sim answers SSM's GetParameter, GetParameters and GetParametersByPath for AWS's public parameters "
           "(/aws/service/…); " + (target.operation.empty() ? std::string("this operation") : target.operation) +
           " is not simulated.";
  return not_served(target.service);
}

std::string not_served(std::string_view service) {
  return "ec2sim simulates EC2 (with STS's GetCallerIdentity and SSM's public parameters); this request is for the '" +
         std::string(service) + "' service, which it does not serve.";
}

}  // namespace ec2sim::api
