// A client's address as a person writes it: 127.0.0.1, not ::ffff:127.0.0.1 (a dual-stack
// socket's view of an IPv4 client). Security group rules and "My IP" compare this form.
#pragma once

#include <string>

#include <boost/asio/ip/address.hpp>

namespace ec2sim::connect {

inline std::string plain_address(const boost::asio::ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6()).to_string();
  return a.to_string();
}

}  // namespace ec2sim::connect
