// The launch wizard, step by step as the seed lesson walks it: AMI, instance type, details,
// storage, tags, security group, review; then the key pair, then launch status. Launching
// makes the new security group (with its rules), then calls RunInstances.
import { useEffect, useRef, useState } from "react";
import Wizard from "@cloudscape-design/components/wizard";
import { useT } from "../i18n/index.js";
import { useConsole, errorFlash } from "../console_context.js";
import { ec2 } from "../session.js";
import { navigate, useRoute } from "../router.js";
import { createGroupInput, ingressOf, initialChoices, runInstancesInput, volumesOfImage } from "./launch_request.js";
import StepAmi from "./step_ami.jsx";
import StepInstanceType from "./step_instance_type.jsx";
import StepDetails, { detailErrors } from "./step_details.jsx";
import StepStorage, { storageErrors } from "./step_storage.jsx";
import StepTags, { tagErrors } from "./step_tags.jsx";
import StepSecurityGroup, { securityGroupErrors } from "./step_security_group.jsx";
import StepReview from "./step_review.jsx";
import KeyPairModal from "./key_pair_modal.jsx";

// A public-IP choice is made on a network interface, which needs a subnet: "no preference"
// then means the VPC's first default subnet, as EC2 itself would pick.
async function withSubnet(session, choices) {
  if (choices.publicIp === "subnet" || choices.subnetId) return choices;
  const out = await ec2(session, "DescribeSubnets", { Filters: [{ Name: "vpc-id", Values: [choices.vpcId] }] });
  const subnets = out.Subnets.sort((a, b) => (b.DefaultForAz ? 1 : 0) - (a.DefaultForAz ? 1 : 0) || a.AvailabilityZone.localeCompare(b.AvailabilityZone));
  return subnets.length ? { ...choices, subnetId: subnets[0].SubnetId } : choices;
}

const hasErrors = (errors) => (Array.isArray(errors) ? errors.some(hasErrors) : Object.keys(errors).length > 0);

export default function LaunchWizard() {
  const t = useT();
  const { session, notify } = useConsole();
  const route = useRoute();
  const [choices, setChoices] = useState(initialChoices);
  const [step, setStep] = useState(0);
  const [showErrors, setShowErrors] = useState(false);
  const [keyModal, setKeyModal] = useState(false);
  const [launching, setLaunching] = useState(false);
  const createdGroup = useRef(null);   // a group made by an attempt whose RunInstances failed
  const clientToken = useRef(crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`);

  const update = (patch) => setChoices((c) => ({ ...c, ...(typeof patch === "function" ? patch(c) : patch) }));
  const chooseImage = (image) => image && update({ image, volumes: volumesOfImage(image) });

  // #/launch?image=ami-…: launched from the AMIs page.
  useEffect(() => {
    const id = route.query.get("image");
    if (id) ec2(session, "DescribeImages", { ImageIds: [id] }).then((o) => { chooseImage(o.Images[0]); setStep(1); })
      .catch((e) => notify(errorFlash(t("common.loadFailed", { what: id }), e)));
  }, []);

  const stepErrors = [
    () => (choices.image ? {} : { image: t("launch.ami.required") }),
    () => ({}),
    () => detailErrors(choices, t),
    () => storageErrors(choices, t),
    () => tagErrors(choices, t),
    () => securityGroupErrors(choices, t),
    () => ({}),
  ];
  const firstInvalid = (upTo) => stepErrors.slice(0, upTo).findIndex((errors) => hasErrors(errors()));

  const navigateTo = ({ detail }) => {
    const target = detail.requestedStepIndex;
    const invalid = target > step ? firstInvalid(target) : -1;
    if (invalid >= 0) {
      setShowErrors(true);
      setStep(invalid);
      if (invalid === 0) notify({ type: "error", header: t("launch.ami.required") });
      return;
    }
    setShowErrors(false);
    setStep(target);
  };

  const launch = async () => {
    setLaunching(true);
    try {
      let groupIds = choices.sg.existing;
      if (choices.sg.mode === "new") {
        if (!createdGroup.current) {
          const made = await ec2(session, "CreateSecurityGroup", createGroupInput(choices));
          const permissions = ingressOf(choices);
          if (permissions.length) await ec2(session, "AuthorizeSecurityGroupIngress", { GroupId: made.GroupId, IpPermissions: permissions });
          createdGroup.current = made.GroupId;
        }
        groupIds = [createdGroup.current];
      }
      const out = await ec2(session, "RunInstances", runInstancesInput(await withSubnet(session, choices), groupIds, clientToken.current));
      setKeyModal(false);
      navigate(`/launch/status?ids=${out.Instances.map((i) => i.InstanceId).join(",")}`);
    } catch (e) {
      notify(errorFlash(t("launch.failed"), e));
      clientToken.current = crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
      setKeyModal(false);
    } finally {
      setLaunching(false);
    }
  };

  const props = { choices, update, session, notify, t, showErrors };
  const steps = [
    { title: t("launch.step.ami"), content: <StepAmi {...props} choose={chooseImage} /> },
    { title: t("launch.step.type"), content: <StepInstanceType {...props} /> },
    { title: t("launch.step.details"), content: <StepDetails {...props} /> },
    { title: t("launch.step.storage"), content: <StepStorage {...props} /> },
    { title: t("launch.step.tags"), content: <StepTags {...props} /> },
    { title: t("launch.step.securityGroup"), content: <StepSecurityGroup {...props} /> },
    { title: t("launch.step.review"), content: <StepReview {...props} edit={(i) => setStep(i)} /> },
  ];
  return (
    <>
      <Wizard
        steps={steps}
        activeStepIndex={step}
        onNavigate={navigateTo}
        onCancel={() => navigate("/instances")}
        onSubmit={() => {
          const invalid = firstInvalid(steps.length);
          if (invalid >= 0) return navigateTo({ detail: { requestedStepIndex: steps.length } });
          setKeyModal(true);
        }}
        submitButtonText={t("launch.launch")}
        i18nStrings={{
          stepNumberLabel: (n) => t("launch.stepNumber", { n }),
          collapsedStepsLabel: (n, total) => t("launch.stepOf", { n, total }),
          navigationAriaLabel: t("launch.steps"),
          cancelButton: t("common.cancel"),
          previousButton: t("launch.previous"),
          nextButton: t("launch.next"),
          optional: t("common.optional"),
        }}
        allowSkipTo
      />
      <KeyPairModal visible={keyModal} {...props} onCancel={() => setKeyModal(false)} onLaunch={launch} launching={launching} />
    </>
  );
}
