# Fetches the newest EC2 API model there is — aws-sdk's (the final JavaScript v2 SDK)
# apis/ec2-2016-11-15.min.json — from the npm registry, pinned by version and checksum,
# and extracts it to OUTPUT. Run as `cmake -DNPM=… -DWORK_DIR=… -DOUTPUT=… -P` at build
# time (CMakeLists.txt); npm keeps the package in its cache, so later builds need no network.
set(PACKAGE aws-sdk)
set(VERSION 2.1693.0)
# The registry's sha512 integrity of aws-sdk-2.1693.0.tgz, in hex.
set(SHA512 70999bf3112754b4fe47a7c14b9b27fc4149897eed5270da3ed38f675bc56ce26d7747e7667fcacb65c682cbefa1e96259e1fb98bdd35925f9cd75c649057a81)
set(TARBALL "${WORK_DIR}/${PACKAGE}-${VERSION}.tgz")

function(fail why)
  message(FATAL_ERROR "The EC2 API model (npm package ${PACKAGE}@${VERSION}) could not be had: ${why}\n"
                      "It needs npm (scripts/install-deps.sh installs it) and the npm registry, once; "
                      "npm's cache serves later builds. Offline, put ${PACKAGE}-${VERSION}.tgz "
                      "(from `npm pack ${PACKAGE}@${VERSION}` elsewhere) in ${WORK_DIR}.")
endfunction()

file(MAKE_DIRECTORY "${WORK_DIR}")
if(EXISTS "${TARBALL}")
  file(SHA512 "${TARBALL}" have)
endif()
if(NOT have STREQUAL SHA512)
  if(NOT NPM)
    fail("npm was not found")
  endif()
  # --prefer-offline: a package in npm's cache is used without asking the registry.
  execute_process(COMMAND "${NPM}" pack "${PACKAGE}@${VERSION}" --silent --prefer-offline --pack-destination "${WORK_DIR}"
                  RESULT_VARIABLE failed OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(failed OR NOT EXISTS "${TARBALL}")
    fail("npm pack said: ${err}${out}")
  endif()
  file(SHA512 "${TARBALL}" have)
  if(NOT have STREQUAL SHA512)
    file(REMOVE "${TARBALL}")
    fail("the tarball's checksum is ${have}, not the pinned ${SHA512}")
  endif()
endif()
file(REMOVE_RECURSE "${WORK_DIR}/package")
execute_process(COMMAND "${CMAKE_COMMAND}" -E tar xzf "${TARBALL}" package/apis/ec2-2016-11-15.min.json
                WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE failed)
if(failed)
  fail("${TARBALL} holds no package/apis/ec2-2016-11-15.min.json")
endif()
get_filename_component(output_dir "${OUTPUT}" DIRECTORY)
file(MAKE_DIRECTORY "${output_dir}")  # a build without tests has made no generated/ yet
file(COPY_FILE "${WORK_DIR}/package/apis/ec2-2016-11-15.min.json" "${OUTPUT}")
