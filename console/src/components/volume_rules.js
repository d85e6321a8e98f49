// EBS volume types (their names: the i18n entries labelKey) and their limits, as the EC2 API enforces them (the console checks a
// form with the same numbers before it calls, and shows the API's own error if it still
// disagrees). Sizes in GiB, throughput in MiB/s.
export const VOLUME_TYPES = {
  gp2: { labelKey: "volume.type.gp2", minSize: 1, maxSize: 16384 },
  gp3: { labelKey: "volume.type.gp3", minSize: 1, maxSize: 16384, iops: [3000, 16000], iopsPerGib: 500, defaultIops: 3000,
         throughput: [125, 1000], defaultThroughput: 125 },
  io1: { labelKey: "volume.type.io1", minSize: 4, maxSize: 16384, iops: [100, 64000], iopsPerGib: 50, defaultIops: 100, iopsRequired: true },
  io2: { labelKey: "volume.type.io2", minSize: 4, maxSize: 65536, iops: [100, 256000], iopsPerGib: 1000, defaultIops: 100, iopsRequired: true },
  st1: { labelKey: "volume.type.st1", minSize: 125, maxSize: 16384, notBoot: true },
  sc1: { labelKey: "volume.type.sc1", minSize: 125, maxSize: 16384, notBoot: true },
  standard: { labelKey: "volume.type.standard", minSize: 1, maxSize: 1024 },
};

// gp2's IOPS follow its size: 3 per GiB, at least 100, at most 16,000.
export const gp2Iops = (size) => Math.min(16000, Math.max(100, 3 * size));

// What is wrong with a volume { type, size, iops, throughput, snapshotSize, root }, field by
// field ({} when nothing is). `t` words the messages.
export function volumeErrors(volume, t) {
  const rules = VOLUME_TYPES[volume.type];
  const errors = {};
  if (!rules) return { type: t("volume.badType") };
  const size = Number(volume.size);
  const minSize = Math.max(rules.minSize, volume.snapshotSize ?? 0);
  if (!Number.isInteger(size) || size < minSize || size > rules.maxSize)
    errors.size = t("volume.sizeRange", { min: minSize, max: rules.maxSize });
  if (volume.root && rules.notBoot) errors.type = t("volume.notBoot");
  if (rules.iops) {
    const iops = Number(volume.iops);
    const ceiling = Math.min(rules.iops[1], Math.max(rules.iops[0], rules.iopsPerGib * (size || 0)));
    if (volume.iops === "" || volume.iops === undefined) {
      if (rules.iopsRequired) errors.iops = t("volume.iopsRange", { min: rules.iops[0], max: ceiling });
    } else if (!Number.isInteger(iops) || iops < rules.iops[0] || iops > ceiling) {
      errors.iops = t("volume.iopsRange", { min: rules.iops[0], max: ceiling });
    }
  }
  if (rules.throughput && volume.throughput !== "" && volume.throughput !== undefined) {
    const throughput = Number(volume.throughput);
    const ceiling = Math.min(rules.throughput[1], Math.max(rules.throughput[0], Math.floor((Number(volume.iops) || rules.defaultIops) / 4)));
    if (!Number.isInteger(throughput) || throughput < rules.throughput[0] || throughput > ceiling)
      errors.throughput = t("volume.throughputRange", { min: rules.throughput[0], max: ceiling });
  }
  return errors;
}

// The EBS part of a block device mapping (RunInstances) or CreateVolume's fields.
export function ebsFields(volume) {
  const rules = VOLUME_TYPES[volume.type];
  return {
    VolumeType: volume.type,
    VolumeSize: Number(volume.size),
    ...(rules.iops && volume.iops !== "" && volume.iops !== undefined ? { Iops: Number(volume.iops) } : {}),
    ...(rules.throughput && volume.throughput !== "" && volume.throughput !== undefined ? { Throughput: Number(volume.throughput) } : {}),
    ...(volume.encrypted ? { Encrypted: true } : {}),
  };
}
