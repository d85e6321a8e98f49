// The seed lesson through the console, in English and in Korean, as a student clicks it:
// sign in, search EC2, the dashboard, the launch wizard's seven steps (t2.micro tagged
// My-First-EC2, a new group allowing SSH from My IP), the new key pair aws-course downloaded
// once (a real RSA key), launch status, the list reaching Running, stop and start, and
// terminate refused under termination protection (the API's error in the flash bar) then
// allowed. Screenshots of every wizard step are kept (harness.mjs ARTIFACTS).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createPrivateKey } from "node:crypto";
import { readFile } from "node:fs/promises";
import { startServer, startBrowser, openPage, screenshot } from "./harness.mjs";

// What the student reads and clicks, in each language: the seed's Korean console terms.
const WORDS = {
  en: {
    locale: "en-US", account: "111111111111", signIn: "Sign in", accessKey: "Access key ID", secretKey: "Secret access key",
    search: "Search", dashboard: "EC2 Dashboard", launch: "Launch instance", select: "Select", next: "Next",
    step: ["Choose an Amazon Machine Image (AMI)", "Choose an Instance Type", "Configure Instance Details", "Add Storage", "Add Tags",
           "Configure Security Group", "Review Instance Launch"],
    freeTier: "Free tier eligible", value: "Value", sgName: "Security group name", source: "Source type", myIp: "My IP",
    ruleDescription: "Description", launchButton: "Launch", keyTitle: "Select an existing key pair or create a new key pair",
    keyName: "Key pair name", download: "Download Key Pair", launchInstances: "Launch Instances",
    launching: "Your instances are now launching", viewInstances: "View Instances",
    running: "Running", stopped: "Stopped", terminated: "Terminated", stateMenu: "Instance state", actions: "Actions",
    stop: "Stop instance", stopConfirm: "Stop", start: "Start instance", terminate: "Terminate (delete) instance",
    terminateConfirm: "Terminate (delete)", protection: "Change termination protection", enable: "Enable", save: "Save",
    sizeError: "Size must be between",
  },
  ko: {
    locale: "ko-KR", account: "222222222222", signIn: "로그인", accessKey: "액세스 키 ID", secretKey: "비밀 액세스 키",
    search: "검색", dashboard: "EC2 대시보드", launch: "인스턴스 시작", select: "선택", next: "다음",
    step: ["Amazon Machine Image(AMI) 선택", "인스턴스 유형 선택", "인스턴스 세부 정보 구성", "스토리지 추가", "태그 추가",
           "보안 그룹 구성", "인스턴스 시작 검토"],
    freeTier: "프리 티어 사용 가능", value: "값", sgName: "보안 그룹 이름", source: "소스 유형", myIp: "내 IP",
    ruleDescription: "설명", launchButton: "시작하기", keyTitle: "기존 키 페어 선택 또는 새 키 페어 생성",
    keyName: "키 페어 이름", download: "키 페어 다운로드", launchInstances: "인스턴스 시작",
    launching: "지금 인스턴스를 시작 중입니다", viewInstances: "인스턴스 보기",
    running: "실행 중", stopped: "중지됨", terminated: "종료됨", stateMenu: "인스턴스 상태", actions: "작업",
    stop: "인스턴스 중지", stopConfirm: "중지", start: "인스턴스 시작", terminate: "인스턴스 종료(삭제)",
    terminateConfirm: "종료(삭제)", protection: "종료 방지 변경", enable: "활성화", save: "저장",
    sizeError: "크기는",
  },
};

let server, browser;
before(async () => {
  server = await startServer();
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// The state cell of the list's row of `name`, once it reads `state` (the list polls).
async function waitForState(page, name, state) {
  const row = page.getByRole("row").filter({ hasText: name });
  await row.getByText(state, { exact: true }).waitFor({ timeout: 60_000 });
}

async function instanceAction(page, w, menu, item) {
  // The menu button (the list's "Instance state" column header is a button too).
  await page.getByRole("button", { name: menu, exact: true }).and(page.locator("[aria-haspopup]")).click();
  await page.getByRole("menuitem", { name: item, exact: true }).click();
}

for (const lang of ["en", "ko"]) {
  const w = WORDS[lang];
  test(`the seed lesson through the console (${lang})`, async () => {
    const { page, errors, context } = await openPage(browser, w.locale);
    // Sign in (the root URL sends a browser to the console; the browser's language is the default).
    await page.goto(server.url);
    assert.match(page.url(), /\/console\/$/);
    await page.getByLabel(w.accessKey).fill(w.account);
    await page.getByLabel(w.secretKey).fill("ec2sim-secret");
    await page.getByRole("button", { name: w.signIn }).click();

    // Search "EC2", open it: the dashboard counts this account's resources in Seoul.
    const search = page.getByRole("combobox", { name: w.search });
    await search.fill("EC2");
    await page.getByRole("option", { name: /^EC2/ }).first().click();
    await page.getByRole("heading", { name: w.dashboard, level: 1 }).waitFor();
    await screenshot(page, `${lang}-01-dashboard`);
    await page.getByRole("button", { name: w.launch }).click();

    // 1. AMI: the first Quick Start image (Amazon Linux 2023, free tier).
    await page.getByRole("heading", { name: w.step[0] }).waitFor();
    const firstImage = page.getByRole("button", { name: new RegExp(`^${w.select} Amazon Linux 2023`) }).first();
    await firstImage.waitFor();
    await firstImage.click();
    await screenshot(page, `${lang}-02-ami`);
    await page.getByRole("button", { name: w.next, exact: true }).click();

    // 2. Instance type: t2.micro, chosen already, free tier eligible.
    await page.getByRole("heading", { name: w.step[1] }).waitFor();
    const micro = page.getByRole("row").filter({ has: page.getByText("t2.micro", { exact: true }) });
    await micro.getByText(w.freeTier).waitFor();
    assert.equal(await micro.getByRole("radio").isChecked(), true);
    await screenshot(page, `${lang}-03-instance-type`);
    await page.getByRole("button", { name: w.next, exact: true }).click();

    // 3. Details: the defaults.
    await page.getByRole("heading", { name: w.step[2] }).waitFor();
    await screenshot(page, `${lang}-04-details`);
    await page.getByRole("button", { name: w.next, exact: true }).click();

    // 4. Storage: the root volume; a size below gp3's 1 GiB is refused as the API would.
    await page.getByRole("heading", { name: w.step[3] }).waitFor();
    const size = page.getByRole("spinbutton", { name: lang === "en" ? "Size (GiB)" : "크기(GiB)" }).first();
    await size.fill("0");
    await page.getByText(w.sizeError).first().waitFor();
    await size.fill("8");
    await screenshot(page, `${lang}-05-storage`);
    await page.getByRole("button", { name: w.next, exact: true }).click();

    // 5. Tags: Name = My-First-EC2.
    await page.getByRole("heading", { name: w.step[4] }).waitFor();
    await page.getByRole("textbox", { name: w.value, exact: true }).first().fill("My-First-EC2");
    await screenshot(page, `${lang}-06-tags`);
    await page.getByRole("button", { name: w.next, exact: true }).click();

    // 6. Security group: a new one, SSH from My IP.
    await page.getByRole("heading", { name: w.step[5] }).waitFor();
    await page.getByLabel(w.sgName).waitFor();
    await page.getByRole("button", { name: new RegExp(w.source) }).first().click();
    await page.getByRole("option", { name: w.myIp }).click();
    await page.getByRole("textbox", { name: w.ruleDescription }).last().fill("SSH for the lesson");
    await screenshot(page, `${lang}-07-security-group`);
    await page.getByRole("button", { name: w.next, exact: true }).click();

    // 7. Review, then Launch.
    await page.getByRole("heading", { name: w.step[6] }).waitFor();
    await page.getByText("t2.micro").first().waitFor();
    await page.getByText("My-First-EC2").first().waitFor();
    await screenshot(page, `${lang}-08-review`);
    await page.getByRole("button", { name: w.launchButton, exact: true }).click();

    // 8. Key pair: a new one, aws-course, downloaded once: a real RSA key.
    const dialog = page.getByRole("dialog", { name: w.keyTitle });
    await dialog.waitFor();
    await dialog.getByLabel(w.keyName).fill("aws-course");
    const [download] = await Promise.all([page.waitForEvent("download"), dialog.getByRole("button", { name: w.download }).click()]);
    assert.equal(download.suggestedFilename(), "aws-course.pem");
    const pem = await readFile(await download.path(), "utf8");
    assert.match(pem, /^-----BEGIN RSA PRIVATE KEY-----/);
    const key = createPrivateKey(pem);
    assert.equal(key.asymmetricKeyType, "rsa");
    assert.equal(key.asymmetricKeyDetails.modulusLength, 2048);
    await screenshot(page, `${lang}-09-key-pair`);
    await dialog.getByRole("button", { name: w.launchInstances }).click();

    // 9. Launch status, then the list: My-First-EC2 reaches Running.
    await page.getByText(w.launching).waitFor();
    const id = (await page.getByRole("link", { name: /^i-[0-9a-f]{17}$/ }).first().textContent()).trim();
    await screenshot(page, `${lang}-10-launch-status`);
    await page.getByRole("button", { name: w.viewInstances }).click();
    await waitForState(page, id, w.running);
    const row = page.getByRole("row").filter({ hasText: id });
    await row.getByText("My-First-EC2").waitFor();
    await row.getByText("t2.micro").waitFor();
    await row.getByText(/ap-northeast-2[a-d]/).waitFor();
    await screenshot(page, `${lang}-11-instances`);

    // Stop and start.
    await row.getByRole("checkbox").check();
    await instanceAction(page, w, w.stateMenu, w.stop);
    await page.getByRole("dialog").getByRole("button", { name: w.stopConfirm, exact: true }).click();
    await waitForState(page, id, w.stopped);
    await instanceAction(page, w, w.stateMenu, w.start);
    await waitForState(page, id, w.running);

    // Terminate under termination protection: refused, and the API's error is shown.
    await instanceAction(page, w, w.actions, w.protection);
    await page.getByRole("dialog").getByRole("checkbox", { name: w.enable }).check();
    await page.getByRole("dialog").getByRole("button", { name: w.save }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await instanceAction(page, w, w.stateMenu, w.terminate);
    await page.getByRole("dialog").getByRole("button", { name: w.terminateConfirm }).click();
    await page.getByText(/OperationNotPermitted: .*disableApiTermination/).waitFor();
    await screenshot(page, `${lang}-12-api-error`);
    // Protection off: it terminates.
    await instanceAction(page, w, w.actions, w.protection);
    await page.getByRole("dialog").getByRole("checkbox", { name: w.enable }).uncheck();
    await page.getByRole("dialog").getByRole("button", { name: w.save }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await instanceAction(page, w, w.stateMenu, w.terminate);
    await page.getByRole("dialog").getByRole("button", { name: w.terminateConfirm }).click();
    await waitForState(page, id, w.terminated);

    assert.deepEqual(errors, []);
    await context.close();
  });
}
