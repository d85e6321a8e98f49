// Images → AMIs: the images this account owns (CreateImage, CopyImage, RegisterImage), with
// "Launch instance from AMI" (the launch wizard, image chosen) and Deregister AMI.
import { useRef, useState } from "react";
import Button from "@cloudscape-design/components/button";
import ButtonDropdown from "@cloudscape-design/components/button-dropdown";
import ResourceTable from "../components/resource_table.jsx";
import { ConfirmModal } from "../components/form_modal.jsx";
import { StateIndicator, formatDate } from "../components/helpers.jsx";
import { useConsole } from "../console_context.js";
import { useT } from "../i18n/index.js";
import { navigate } from "../router.js";
import { ec2, ec2All } from "../session.js";

function DeregisterModal({ image, onDismiss, onDone }) {
  const t = useT();
  return (
    <ConfirmModal
      title={t("images.deregisterTitle")} submitLabel={t("images.deregister")} failure={t("images.deregisterFailed")}
      question={t("images.deregisterQuestion", { id: image.ImageId, name: image.Name ?? "" })} success={t("images.deregistered", { id: image.ImageId })}
      action={(session) => ec2(session, "DeregisterImage", { ImageId: image.ImageId })} onDismiss={onDismiss} onDone={onDone}
    />
  );
}

export default function Images() {
  const t = useT();
  const { session } = useConsole();
  const table = useRef();
  const [deregistering, setDeregistering] = useState(null);

  const columns = [
    { id: "name", header: t("images.amiName"), cell: (i) => i.Name || "-", sortingField: "Name" },
    { id: "id", header: t("images.amiId"), cell: (i) => i.ImageId, sortingField: "ImageId", isRowHeader: true },
    { id: "source", header: t("images.source"), cell: (i) => i.ImageLocation || "-", sortingField: "ImageLocation" },
    { id: "owner", header: t("images.owner"), cell: (i) => i.OwnerId, sortingField: "OwnerId" },
    { id: "visibility", header: t("images.visibility"), cell: (i) => t(i.Public ? "images.public" : "images.private") },
    { id: "state", header: t("images.status"), cell: (i) => <StateIndicator state={i.State} t={t} />, sortingField: "State" },
    { id: "created", header: t("images.creationDate"), cell: (i) => formatDate(i.CreationDate), sortingComparator: (a, b) => new Date(a.CreationDate) - new Date(b.CreationDate) },
    { id: "architecture", header: t("images.architecture"), cell: (i) => i.Architecture || "-", sortingField: "Architecture" },
    { id: "root", header: t("images.rootDeviceType"), cell: (i) => i.RootDeviceType || "-", sortingField: "RootDeviceType" },
  ];

  const actions = (selected) => {
    const image = selected[0];
    return (
      <>
        <ButtonDropdown disabled={!image} items={[{ id: "deregister", text: t("images.deregister") }]} onItemClick={() => setDeregistering(image)}>
          {t("common.actions")}
        </ButtonDropdown>
        <Button variant="primary" disabled={image?.State !== "available"} onClick={() => navigate(`/launch?image=${encodeURIComponent(image.ImageId)}`)}>
          {t("images.launch")}
        </Button>
      </>
    );
  };

  return (
    <>
      <ResourceTable
        ref={table}
        title={t("images.title")}
        description={t("images.ownedByMe")}
        load={() => ec2All(session, "DescribeImages", { Owners: ["self"] }, "Images")}
        columns={columns}
        trackBy="ImageId"
        actions={actions}
        pollMs={3000}
        empty={t("images.empty")}
      />
      {deregistering && <DeregisterModal image={deregistering} onDismiss={() => setDeregistering(null)} onDone={() => table.current?.reload({ quiet: true })} />}
    </>
  );
}
