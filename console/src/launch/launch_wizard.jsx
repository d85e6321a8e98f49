// The launch wizard, step by step as the seed lesson walks it: AMI, instance type, details,
// storage, tags, security group, review; then the key pair, then launch status. Launching
// makes the new security group (with its rules), then calls RunInstances.
import { useEffect, useRef, useState } from "react";
import Wizard from "@cloudscape-design/components/wizard";
import { useT } from "../i18n/index.js";
import { useConsole, errorFlash } from "../console_context.js";
import { ec2 } from "../session.js";
import { navigate, useRoute } from "../router.js";
import { createGroupInput, ingressOf, initialChoices, newClientToken, runInstancesInput, volumesOfImage } from "./launch_request.js";
import { withSubnet } from "./network.js";
import StepAmi from "./step_ami.jsx";
import StepInstanceType from "./step_instance_type.jsx";
import StepDetails, { detailErrors } from "./step_details.jsx";
import StepStorage, { storageErrors } from "./step_storage.jsx";
import StepTags, { tagErrors } from "./step_tags.jsx";
import StepSecurityGroup, { securityGroupErrors } from "./step_security_group.jsx";
import StepReview from "./step_review.jsx";
import KeyPairModal from "./key_pair_modal.jsx";

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
  // The group an attempt made ({ id, fingerprint, authorized }), reused by the next attempt
  // while the group's choices are the same.
  const madeGroup = useRef(null);
  const clientToken = useRef(newClientToken());

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
        const fingerprint = JSON.stringify([choices.vpcId, choices.sg.name, choices.sg.description, choices.sg.rules]);
        if (madeGroup.current && madeGroup.current.fingerprint !== fingerprint) {
          // Changed since: the earlier attempt's group goes (if nothing uses it), a new one is made.
          await ec2(session, "DeleteSecurityGroup", { GroupId: madeGroup.current.id }).catch(() => {});
          madeGroup.current = null;
        }
        if (!madeGroup.current) {
          const made = await ec2(session, "CreateSecurityGroup", createGroupInput(choices));
          madeGroup.current = { id: made.GroupId, fingerprint, authorized: false };
        }
        if (!madeGroup.current.authorized) {
          const permissions = ingressOf(choices);
          if (permissions.length) await ec2(session, "AuthorizeSecurityGroupIngress", { GroupId: madeGroup.current.id, IpPermissions: permissions });
          madeGroup.current.authorized = true;
        }
        groupIds = [madeGroup.current.id];
      }
      const out = await ec2(session, "RunInstances", runInstancesInput(await withSubnet(session, choices), groupIds, clientToken.current));
      setKeyModal(false);
      navigate(`/launch/status?ids=${out.Instances.map((i) => i.InstanceId).join(",")}`);
    } catch (e) {
      notify(errorFlash(t("launch.failed"), e));
      clientToken.current = newClientToken();
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
