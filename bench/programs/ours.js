// pulumi-profiles as a user's program declares it.
const { twilio, twosms, voximplant, wavix } = require("pulumi-profiles");
const { declareStack } = require("./shape");

const classes = { wavix: wavix.Profile, voximplant: voximplant.AccountInfo, twosms: twosms.Account, twilio: twilio.CustomerProfile };
declareStack((api, name, args) => new classes[api](name, args));
