// The Regions the sign-in page offers (the console's own list: before sign-in there are no
// keys to ask DescribeRegions with). Their names are i18n entries region.<name>.
export const REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ap-east-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2",
  "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2",
  "eu-west-3", "eu-north-1", "sa-east-1",
];

// A Region's name in the console's language ("Asia Pacific (Seoul)"), or its code for one the
// dictionary does not name.
export function regionName(t, region) {
  const name = t(`region.${region}`);
  return name === `region.${region}` ? region : name;
}
