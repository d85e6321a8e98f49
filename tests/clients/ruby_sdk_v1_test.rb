# The AWS SDK for Ruby v1 (Debian's ruby-aws-sdk): an old, independent client that speaks
# EC2 API version 2014-10-01 with its own XML parser. Usage: ruby ruby_sdk_v1_test.rb ENDPOINT
require 'aws-sdk'
require 'uri'

uri = URI(ARGV.fetch(0))
AWS.config(access_key_id: '123456789012', secret_access_key: 'ec2sim', region: 'ap-northeast-2')
client = AWS::EC2.new(ec2_endpoint: uri.host, ec2_port: uri.port, use_ssl: false).client
$passed = $failed = 0

def check(name, expected, actual)
  if expected == actual
    $passed += 1
    puts "ok   #{name}"
  else
    $failed += 1
    puts "FAIL #{name}: expected #{expected.inspect} got #{actual.inspect}"
  end
end

check 'speaks an old API version', '2014-10-01', client.class::API_VERSION
check 'zones of ap-northeast-2', %w[ap-northeast-2a ap-northeast-2b ap-northeast-2c ap-northeast-2d],
      client.describe_availability_zones[:availability_zone_info].map { |z| z[:zone_name] }
check 'regions include us-east-1', true,
      client.describe_regions[:region_info].any? { |r| r[:region_name] == 'us-east-1' }
images = client.describe_images(owners: ['amazon'],
                                filters: [{ name: 'name', values: ['al2023-ami-2023*'] },
                                          { name: 'architecture', values: ['x86_64'] }])[:images_set]
check 'Amazon Linux 2023 by owner and name', true,
      !images.empty? && images.all? { |i| i[:name].start_with?('al2023-ami-2023') && i[:architecture] == 'x86_64' }
check 'root device of the AMI', '/dev/xvda', images.first && images.first[:root_device_name]
begin
  client.describe_images(image_ids: ['ami-0123456789abcdef0'])
  check 'unknown AMI id', 'InvalidAMIID.NotFound', 'no error'
rescue AWS::Errors::ClientError => e
  check 'unknown AMI id', 'InvalidAMIID.NotFound', e.code
end
check 'account attributes', true,
      client.describe_account_attributes[:account_attribute_set].any? { |a| a[:attribute_name] == 'default-vpc' }

puts "#{$passed} passed, #{$failed} failed"
exit($failed.zero? ? 0 : 1)
