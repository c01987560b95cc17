import type { INodeProperties } from 'n8n-workflow';
import type { ResourceOperations } from '../types';
import { blockUser } from './blockUser.operation';
import { callMethod } from './callMethod.operation';
import { loginQr } from './loginQr.operation';
import { loginQrWait } from './loginQrWait.operation';
import { loginSendCode } from './loginSendCode.operation';
import { loginSignIn } from './loginSignIn.operation';
import { setProfilePhoto } from './setProfilePhoto.operation';
import { statusOffline } from './statusOffline.operation';
import { statusOnline } from './statusOnline.operation';
import { unblockUser } from './unblockUser.operation';
import { updateProfile } from './updateProfile.operation';
import { updateUsername } from './updateUsername.operation';

export const accountOperations: ResourceOperations = {
	setProfilePhoto,
	statusOnline,
	statusOffline,
	// Beyond tgl
	updateProfile,
	updateUsername,
	blockUser,
	unblockUser,
	// Logging in (no session needed) and any method of the API
	loginSendCode,
	loginSignIn,
	loginQr,
	loginQrWait,
	callMethod,
};

export const accountDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		default: 'statusOnline',
		options: [
			{
				name: 'Block User',
				value: 'blockUser',
				description: 'Block a user: they can no longer message or call you',
				action: 'Block a user',
			},
			{
				name: 'Call Telegram Method',
				value: 'callMethod',
				description: 'Call any method of Telegram\'s API by its schema name, parameters as JSON; the answer as plain JSON',
				action: 'Call a Telegram method',
			},
			{
				name: 'Log In: Send Code',
				value: 'loginSendCode',
				description: 'Start a login without a terminal: Telegram sends a code to the phone; out comes a login token for Sign In',
				action: 'Send a login code',
			},
			{
				name: 'Log In: Show QR Code',
				value: 'loginQr',
				description: 'Start a login by QR code: out come the QR code (PNG) and a login token for Wait for QR Scan',
				action: 'Show a login QR code',
			},
			{
				name: 'Log In: Sign In',
				value: 'loginSignIn',
				description: 'Finish a login with the code (and the 2FA password): out comes the session string for the credential',
				action: 'Sign in with the login code',
			},
			{
				name: 'Log In: Wait for QR Scan',
				value: 'loginQrWait',
				description: 'Wait for the QR code to be scanned (and check the 2FA password): out comes the session string',
				action: 'Wait for the login QR code scan',
			},
			{
				name: 'Set Profile Photo',
				value: 'setProfilePhoto',
				description: 'Set your own profile photo from an image in a binary field (tgl.set_profile_photo)',
				action: 'Set your profile photo',
			},
			{
				name: 'Set Status Offline',
				value: 'statusOffline',
				description: 'Show your account as offline, last seen now (tgl.status_offline)',
				action: 'Set your status to offline',
			},
			{
				name: 'Set Status Online',
				value: 'statusOnline',
				description: 'Show your account as online; Telegram shows it for about five minutes unless renewed (tgl.status_online)',
				action: 'Set your status to online',
			},
			{
				name: 'Unblock User',
				value: 'unblockUser',
				description: 'Unblock a user you blocked',
				action: 'Unblock a user',
			},
			{
				name: 'Update Profile',
				value: 'updateProfile',
				description: 'Change your first name, last name or bio (about); outputs your Peer',
				action: 'Update your profile',
			},
			{
				name: 'Update Username',
				value: 'updateUsername',
				description: 'Set your username, or remove it; outputs your Peer',
				action: 'Update your username',
			},
		],
	},
	...callMethod.description,
	...loginSendCode.description,
	...loginQr.description,
	...loginSignIn.description,
	...loginQrWait.description,
	...setProfilePhoto.description,
	...statusOnline.description,
	...statusOffline.description,
	...updateProfile.description,
	...updateUsername.description,
	...blockUser.description,
	...unblockUser.description,
];
